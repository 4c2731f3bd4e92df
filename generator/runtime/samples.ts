/**
 * What generated arbitraries produce: whole requests (REST) or messages (MQTT), valid ones and
 * ones that break exactly one named constraint of the spec.
 */

/** A REST request as data. Path and header values are already serialised; query values are not. */
export interface RequestSample {
  path: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body?: unknown;
  contentType?: string;
}

/** The one constraint an invalid sample breaks, named the way a JSON Schema validator reports it. */
export interface Violation {
  location: 'path' | 'query' | 'header' | 'body' | 'message';
  /**
   * JSON pointer inside that location's value where the validator reports the error, e.g. `/limit`
   * or `/macs/0`. As in ajv, `required` and `additionalProperties` are reported at the object
   * that lacks or has the property; the description names the property.
   */
  pointer: string;
  /** The JSON Schema keyword the value violates: `required`, `type`, `enum`, `pattern`, `minimum`, … */
  keyword: string;
  /** JSON pointer of the violated keyword in the spec document, e.g. `/components/schemas/Error/required`. */
  schemaPointer: string;
  /** One sentence for people: where and what. */
  description: string;
}

export type InvalidSample = RequestSample & { violation: Violation };

export interface InvalidMessage {
  message: unknown;
  violation: Violation;
}
