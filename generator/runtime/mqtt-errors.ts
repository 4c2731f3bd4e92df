/**
 * Errors a request over MQTT can end with. Each carries the method and the tid/bid of the last
 * attempt so a log line can be matched with broker traces.
 */

import { formatIssues, type ValidationIssue } from './validation.js';

export class MqttRequestError extends Error {
  override name = 'MqttRequestError';
  readonly method: string;

  constructor(method: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.method = method;
  }
}

/** No reply with a matching tid and bid arrived in any attempt. */
export class MqttTimeoutError extends MqttRequestError {
  override name = 'MqttTimeoutError';

  constructor(
    method: string,
    readonly tid: string,
    readonly bid: string,
    readonly attempts: number,
    /** Wait per attempt. */
    readonly timeoutMs: number,
    /** Whether the client was connected to the broker when the last attempt ended. */
    readonly connected: boolean,
  ) {
    super(
      method,
      `no reply to ${method} after ${attempts} attempt(s) of ${timeoutMs} ms (last tid ${tid}, bid ${bid})` +
        (connected ? '' : '; the client is not connected to the broker'),
    );
  }
}

/** The reply arrived and says the request failed (`data.result` != 0). */
export class MqttReplyError extends MqttRequestError {
  override name = 'MqttReplyError';

  constructor(
    method: string,
    readonly tid: string,
    readonly bid: string,
    readonly result: number,
    /** Usually the error message string. */
    readonly output: unknown,
  ) {
    super(method, `${method} failed with result ${result}` + (typeof output === 'string' && output !== '' ? `: ${output}` : ''));
  }
}

/** The reply arrived but does not match its schema. */
export class MqttReplyValidationError extends MqttRequestError {
  override name = 'MqttReplyValidationError';

  constructor(
    method: string,
    readonly tid: string,
    readonly bid: string,
    readonly issues: readonly ValidationIssue[],
    readonly reply: unknown,
  ) {
    super(method, `invalid reply to ${method}: ${formatIssues(issues)}`);
  }
}

/** Subscribing to the reply topic or publishing the request failed. */
export class MqttTransportError extends MqttRequestError {
  override name = 'MqttTransportError';

  constructor(
    method: string,
    readonly operation: 'subscribe' | 'publish',
    readonly topic: string,
    cause: unknown,
  ) {
    super(method, `${method}: ${operation} on ${topic} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** The requester was closed while the request was waiting, or before it started. */
export class MqttRequesterClosedError extends MqttRequestError {
  override name = 'MqttRequesterClosedError';

  constructor(method: string) {
    super(method, `${method}: the MQTT requester is closed`);
  }
}
