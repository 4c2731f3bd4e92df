/**
 * The intermediate representation: one model for REST operations (OpenAPI) and MQTT
 * request/reply methods (AsyncAPI). Every emitter reads only this.
 *
 * Schemas are not copied into the IR: they stay in `IrSpec.document` (normalised to JSON Schema
 * 2020-12, internal `$ref`s only) and IR nodes point at them by JSON pointer. That keeps one
 * source of truth for the validators, the types and the arbitraries.
 */

/** Where an IR node came from: source file, 1-based line/column, and JSON pointer in the spec. */
export interface IrLocation {
  file: string;
  line: number;
  col: number;
  pointer: string;
}

/** A schema inside `IrSpec.document`, e.g. `/components/schemas/Error`. */
export interface IrSchemaRef {
  pointer: string;
  location: IrLocation;
}

export interface IrNamedSchema {
  /** Name as written in the spec (`components/schemas` key); identifiers are derived by emit/shared/naming. */
  name: string;
  schema: IrSchemaRef;
  description?: string;
}

export interface IrExample {
  name: string;
  value: unknown;
  location: IrLocation;
}

export interface IrSpec {
  /** File stem without the `.openapi.yaml` / `.asyncapi.yaml` suffix, e.g. `gizwits-enterprise`. */
  name: string;
  kind: 'openapi' | 'asyncapi';
  /** The spec's declared version, e.g. `3.1.0` or `3.0.0`. */
  specVersion: string;
  file: string;
  /** sha256 of the spec file's bytes. */
  sha256: string;
  title: string;
  version: string;
  description?: string;
  /**
   * The whole document with schemas normalised to JSON Schema 2020-12 (OpenAPI 3.0 `nullable`,
   * boolean `exclusiveMinimum`, … rewritten) and only internal `$ref`s. Read-only for emitters.
   */
  document: Record<string, unknown>;
  /** Every named, reusable schema (OpenAPI `components/schemas`, AsyncAPI `components/schemas`). */
  schemas: IrNamedSchema[];
  servers: IrServer[];
  securitySchemes: IrSecurityScheme[];
  /** Machine-readable error catalogue (`x-error-codes` at the spec root), sorted by code. */
  errorCatalogue: IrErrorCode[];
  /** REST operations, sorted by operation id. Empty for AsyncAPI. */
  operations: IrOperation[];
  /** MQTT request/reply methods, sorted by method name. Empty for OpenAPI. */
  methods: IrMethod[];
  location: IrLocation;
}

export interface IrServer {
  url: string;
  protocol?: string;
  description?: string;
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

export interface IrOperation {
  /** `operationId`, or `<method>_<path>` made safe when the spec has none. */
  id: string;
  method: HttpMethod;
  /** Path template as in the spec, e.g. `/v1/products/{product_key}/devices/{did}/control`. */
  path: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  /** Path-level and operation-level parameters merged (operation wins), sorted by location then name. */
  parameters: IrParameter[];
  requestBody?: IrRequestBody;
  /** Sorted by status: numeric codes ascending, then `1XX`…`5XX`, then `default`. */
  responses: IrResponse[];
  /**
   * Alternatives (OR) of requirement sets (AND of scheme names). `[]` means no auth;
   * `[[]]` also means optional/no auth. Operation-level security overrides the root.
   */
  security: string[][];
  /** Error codes of the catalogue this operation can produce (`x-error-codes` on the operation). */
  errorCodes: number[];
  /** Every `x-*` key of the operation object, verbatim. */
  extensions: Record<string, unknown>;
  location: IrLocation;
}

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface IrParameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  description?: string;
  deprecated: boolean;
  /** Absent only for `content`-style parameters without schema. */
  schema?: IrSchemaRef;
  style?: string;
  explode?: boolean;
  location: IrLocation;
}

export interface IrMedia {
  contentType: string;
  schema?: IrSchemaRef;
  examples: IrExample[];
}

export interface IrRequestBody {
  required: boolean;
  description?: string;
  /** Sorted by content type. */
  contents: IrMedia[];
  location: IrLocation;
}

export interface IrResponse {
  /** `'200'`, `'4XX'`, `'default'`, … */
  status: string;
  description: string;
  headers: IrHeader[];
  /** Sorted by content type; empty when the response has no body. */
  contents: IrMedia[];
  links: IrLink[];
  location: IrLocation;
}

export interface IrHeader {
  name: string;
  required: boolean;
  description?: string;
  schema?: IrSchemaRef;
  location: IrLocation;
}

export interface IrLink {
  name: string;
  /** Target operation id (resolved from `operationRef` when needed). */
  operationId: string;
  /** Target parameter name → runtime expression, e.g. `{ gid: '$response.body#/gid' }`. */
  parameters: Record<string, string>;
  /** Runtime expression or literal for the target's request body. */
  requestBody?: unknown;
  description?: string;
  location: IrLocation;
}

export interface IrSecurityScheme {
  name: string;
  type: 'apiKey' | 'http' | 'oauth2' | 'openIdConnect' | 'mutualTLS' | string;
  /** For apiKey: where the key goes and under which name. */
  in?: 'header' | 'query' | 'cookie';
  paramName?: string;
  /** For http: `bearer`, `basic`, … */
  scheme?: string;
  description?: string;
  /** `x-error-code`: the catalogue code refusing a request whose credential of this scheme is missing or malformed. */
  errorCode?: number;
  location: IrLocation;
}

export interface IrErrorCode {
  code: number;
  /** HTTP status for REST catalogues; absent for MQTT. */
  status?: number;
  message: string;
  fix?: string;
  location: IrLocation;
}

/* ----------------------------- MQTT (AsyncAPI) ----------------------------- */

export type Qos = 0 | 1 | 2;

export interface IrChannel {
  /** Key under `channels`, e.g. `requests`. */
  id: string;
  /** Topic template, e.g. `thing/product/{gateway_sn}/requests`. */
  address: string;
  parameters: IrChannelParameter[];
  location: IrLocation;
}

export interface IrChannelParameter {
  name: string;
  description?: string;
  location: IrLocation;
}

export interface IrMessage {
  /** Key under `components/messages` (or the message name). */
  name: string;
  title?: string;
  summary?: string;
  contentType: string;
  channel: IrChannel;
  /** The whole envelope (tid, bid, timestamp, method, data, …). */
  payload: IrSchemaRef;
  examples: IrExample[];
  location: IrLocation;
}

export interface IrMethod {
  /** Envelope `method` value, e.g. `airport_bind_status`. */
  name: string;
  /** AsyncAPI operation id, e.g. `airportBindStatus`. */
  operationId: string;
  summary?: string;
  description?: string;
  /** Who sends the request: `send` means the described application (the dock) publishes it. */
  action: 'send' | 'receive';
  request: IrMessage;
  reply: IrMessage;
  correlation: IrCorrelation;
  qos: { request: Qos; reply: Qos; subscribe: Qos };
  timeoutMs: number;
  retries: number;
  extensions: Record<string, unknown>;
  location: IrLocation;
}

export interface IrCorrelation {
  /** AsyncAPI runtime expression, e.g. `$message.payload#/tid`. */
  location: string;
  /** Envelope fields a reply must echo for a requester to accept it, e.g. `['tid', 'bid']`. */
  fields: string[];
}
