/** Every request's envelope. */
export type Envelope = {
    tid: string;
    bid: string;
    method: string;
    data: {
      [key: string]: unknown;
    };
  };

export type LookupData = {
    /** The key, e.g. `a*\/b`. */
    key: string;
  };

export type LookupOutput = {
    value: string | null;
  };

export type ReplyEnvelope = {
    tid: string;
    bid: string;
    method: string;
    data: {
      result: number;
      /** Typed output on success, message text on error. */
      output?: unknown;
    };
  };

export interface Operations {
}

/** Look something up *\/ by key */
export type LookupRequest = Envelope & {
    method?: "lookup";
    data?: LookupData;
  };
/** The request `data` of `lookup`. */
export type LookupRequestData = LookupData;
/** lookup reply */
export type LookupReply = ReplyEnvelope & {
    method?: "lookup";
    data?: {
      result: number;
      output?: LookupOutput | string;
    };
  };
/** The reply `data.output` of `lookup` on success. */
export type LookupReplyOutput = LookupOutput;

/** Liveness check with an inline payload. */
export type PingRequest = {
    tid: string;
    bid: string;
    method: "ping";
    data: {
      "echo*/"?: string;
    };
  };
/** The request `data` of `ping`. */
export type PingRequestData = {
    "echo*/"?: string;
  };
export type PingReply = {
    tid: string;
    bid: string;
    method: "ping";
    data: {
      result: number;
      output?: {
        pong?: boolean;
      };
    };
  };
/** The reply `data.output` of `ping` on success. */
export type PingReplyOutput = {
    pong?: boolean;
  };

export interface Methods {
  /** Look something up *\/ by key */
  lookup: { request: LookupRequest; data: LookupRequestData; reply: LookupReply; output: LookupReplyOutput; };
  /** Liveness check with an inline payload. */
  ping: { request: PingRequest; data: PingRequestData; reply: PingReply; output: PingReplyOutput; };
}

export enum MiniErrorCode {
  /** lookup failed */
  LookupFailed = 7001,
  /** Lookup  failed! */
  LookupFailed_2 = 7002
}

/** Every documented error code with its message, and its HTTP status and fix where the spec gives them. */
export const errorCatalogue: readonly { code: MiniErrorCode; status?: number; message: string; fix?: string }[] = [
    { code: MiniErrorCode.LookupFailed, message: "lookup failed" },
    { code: MiniErrorCode.LookupFailed_2, message: "Lookup  failed!" },
  ];
