/** Starts with a digit and has a dot. */
export type _9livesTuple = [string, number?];

export type Choice = Pet | string | null;

export type Inline = {
    deep?: string | null;
    next?: {
      again?: {
        again?: unknown;
      };
    };
  };

export type LoopA = {
    a?: string;
  };

export type LoopB = unknown;

/**
 * Pet *\/ title
 *
 * A pet.
 * /* nested *\/ comment *\/ and `backticks` ${x}
 * CRLF line
 */
export type Pet = {
    "0"?: string;
    id: number;
    "__proto__": string;
    constructor?: string | null;
    "x-rate-limit"?: number;
    "a b"?: boolean;
    "\"quoted\""?: "it's";
    /** *\/ alert(1) /* */
    "*/"?: string;
    toString?: string;
  };

/** Same identifier as PetInfo after naming. */
export type PetInfo = string;

export type PetInfo_2 = number;

export type Tree = {
    value?: Constructor;
    children?: Tree[];
  };

export type Proto = {
    kind?: "dog" | 1 | true | null | "`${kind}`" | "<\/script>" | "\u2028";
  };

export type Class = {
    error: string;
    [key: string]: number | string;
  };

export type Constructor = string;

/** Differs from Pet only in case. */
export type Pet_2 = {
    /** @deprecated */
    name?: string;
    [key: string]: string | undefined;
  };

export type ProtoPathParams = Record<string, never>;
export type ProtoQueryParams = Record<string, never>;
export type ProtoHeaderParams = Record<string, never>;
export type ProtoRequestBody = {
    reason?: string;
  };
/** DELETE /constructor */
export type ProtoRequest = {
    path: ProtoPathParams;
    query?: ProtoQueryParams;
    headers?: ProtoHeaderParams;
    body?: ProtoRequestBody;
  };
export type ProtoResponses = {
    /** Deleted */
    "204": undefined;
  };
export type ProtoSuccessBody = ProtoResponses["204"];

export type ConstructorPathParams = Record<string, never>;
export type ConstructorQueryParams = Record<string, never>;
export type ConstructorHeaderParams = Record<string, never>;
export type ConstructorRequestBody = undefined;
/** PUT /constructor */
export type ConstructorRequest = {
    path: ConstructorPathParams;
    query?: ConstructorQueryParams;
    headers?: ConstructorHeaderParams;
    body?: ConstructorRequestBody;
  };
export type ConstructorResponses = {
    /** Fine */
    "200": Tree;
  };
export type ConstructorSuccessBody = ConstructorResponses["200"];

export type DeletePathParams = {
    "ключ": string;
  };
export type DeleteQueryParams = Record<string, never>;
export type DeleteHeaderParams = Record<string, never>;
export type DeleteRequestBody = undefined;
/** PATCH /ünïcödé/{ключ} */
export type DeleteRequest = {
    path: DeletePathParams;
    query?: DeleteQueryParams;
    headers?: DeleteHeaderParams;
    body?: DeleteRequestBody;
  };
export type DeleteResponses = {
    /** Any success */
    "2XX": _9livesTuple;
  };
export type DeleteSuccessBody = DeleteResponses["2XX"];

export type GetPetsPathParams = {
    "__proto__": number;
    /** closes *\/ the comment */
    "pet-id": string;
  };
export type GetPetsQueryParams = {
    constructor?: "a'b" | "c\"d" | "`e`" | "${f}" | "g\nh" | "ünï";
    /** @deprecated */
    limit?: number;
  };
export type GetPetsHeaderParams = {
    "X-Rate*/Limit": number;
  };
export type GetPetsRequestBody = undefined;
/**
 * GET /pets/{pet-id}/things/{__proto__}
 *
 * List *\/ things
 */
export type GetPetsRequest = {
    path: GetPetsPathParams;
    query?: GetPetsQueryParams;
    headers: GetPetsHeaderParams;
    body?: GetPetsRequestBody;
  };
export type GetPetsResponses = {
    /** The *\/ things */
    "200": Pet[] | string;
    /** Nothing */
    "204": undefined;
    /** Client error */
    "4XX": Class;
    /** Anything else */
    default: unknown;
  };
export type GetPetsSuccessBody = GetPetsResponses["200"] | GetPetsResponses["204"];

export type GetPets_2PathParams = {
    "__proto__": number;
    /** closes *\/ the comment */
    "pet-id": string;
  };
export type GetPets_2QueryParams = Record<string, never>;
export type GetPets_2HeaderParams = Record<string, never>;
export type GetPets_2RequestBody = Pet_2;
/**
 * POST /pets/{pet-id}/things/{__proto__}
 *
 * @deprecated
 */
export type GetPets_2Request = {
    path: GetPets_2PathParams;
    query?: GetPets_2QueryParams;
    headers?: GetPets_2HeaderParams;
    body: GetPets_2RequestBody;
  };
export type GetPets_2Responses = {
    /** Created */
    "201": Proto;
  };
export type GetPets_2SuccessBody = GetPets_2Responses["201"];

export interface Operations {
  "__proto__": { request: ProtoRequest; responses: ProtoResponses; success: ProtoSuccessBody; };
  constructor: { request: ConstructorRequest; responses: ConstructorResponses; success: ConstructorSuccessBody; };
  delete: { request: DeleteRequest; responses: DeleteResponses; success: DeleteSuccessBody; };
  /** List *\/ things */
  "get-pets": { request: GetPetsRequest; responses: GetPetsResponses; success: GetPetsSuccessBody; };
  /** @deprecated */
  getPets: { request: GetPets_2Request; responses: GetPets_2Responses; success: GetPets_2SuccessBody; };
}

export interface Methods {
}

export enum HostileErrorCode {
  /**
   * bad *\/ input `${x}`
   *
   * HTTP status 400.
   *
   * Fix: Send "valid" input.
   */
  BadInputX = 1001,
  /**
   * Bad Input
   *
   * HTTP status 400.
   */
  BadInput = 1002,
  /** ünïcödé */
  Unicode = 1003,
  /**
   * constructor
   *
   * HTTP status 500.
   */
  Constructor = 1004
}

/** Every documented error code with its message, and its HTTP status and fix where the spec gives them. */
export const errorCatalogue: readonly { code: HostileErrorCode; status?: number; message: string; fix?: string }[] = [
    { code: HostileErrorCode.BadInputX, status: 400, message: "bad */ input `${x}`", fix: "Send \"valid\" input." },
    { code: HostileErrorCode.BadInput, status: 400, message: "Bad Input" },
    { code: HostileErrorCode.Unicode, message: "ünïcödé" },
    { code: HostileErrorCode.Constructor, status: 500, message: "constructor" },
  ];
