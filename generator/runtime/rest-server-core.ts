/**
 * The engine behind a generated REST server stub. The generated code describes the API as data
 * (routes, security schemes, error catalogue and roles) and binds one handler per operation;
 * this class matches routes, checks credentials, parses and validates the request, calls the
 * handler and, in development mode, checks the handler's answer against the spec, so a stub can
 * never answer off-spec unnoticed. Every failure is answered in the spec's error format.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorBodyFields } from './http-error.js';
import { BodyTooLargeError, acceptsMediaType, hasBody, isJsonMediaType, mediaTypeOf, parseBody, parseQuery, readBody, type QueryValues } from './rest-server-request.js';
import { RouteTable } from './rest-server-routes.js';
import type { OperationValidators, ValidationIssue, Validator } from './validation.js';

/** How a security scheme's credential arrives: header, query parameter or cookie, with an optional prefix such as `token `. */
export interface ServerSecurityScheme {
  in: 'header' | 'query' | 'cookie';
  name: string;
  prefix?: string;
  /** Catalogue code refusing a request whose credential of this scheme is missing or malformed (default: the `tokenInvalid` role). */
  errorCode?: number;
}

/** What the spec says about the whole API, written once by the emitter. */
export interface ServerApiDescriptor {
  securitySchemes: Readonly<Record<string, ServerSecurityScheme>>;
  /** The spec's error catalogue: each code's HTTP status and message. */
  errorCatalogue: readonly { code: number; status?: number; message: string }[];
  /**
   * Catalogue codes for situations every API has (`x-error-roles`): `bodyInvalid` (unparsable
   * body), `formInvalid` (request off-spec), `tokenInvalid` (missing or malformed credentials),
   * optionally `notFound`, `methodNotAllowed`, `internalError`, and any others hooks look up.
   */
  errorRoles: Readonly<Record<string, number>>;
  /** Field names of the spec's error body (default `error_code`, `error_message`, `detail`). */
  errorFields?: ErrorBodyFields;
}

/** What the emitter writes for one operation. */
export interface ServerRoute {
  id: string;
  method: string;
  /** Path template, e.g. `/v1/products/{product_key}/devices`. */
  path: string;
  /** Alternatives (OR) of scheme-name sets (AND); `[]` or `[[]]` means no auth. */
  security: readonly (readonly string[])[];
  /** Header parameters as the spec spells them (validators are keyed that way). */
  headerParams: readonly string[];
  body?: { required: boolean; contentTypes: readonly string[] };
  /** Documented responses by status (`'200'`, `'4XX'`, `'default'`): content types and header names. */
  responses: Readonly<Record<string, { contentTypes: readonly string[]; headers: readonly string[] }>>;
}

/** A request as handlers receive it: parameters coerced to their schema types, body parsed. */
export interface HandlerRequest {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body?: unknown;
}

/** A handler's answer. `headers` are added to the response as given. */
export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
}

/**
 * An answer in the spec's error format. Its status comes from the error catalogue at run time,
 * so it is typed to fit any handler's result union; development mode checks the status and body
 * against the operation's documented responses like any other answer.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ErrorAnswer = { status: any; body: Record<string, unknown>; headers?: Readonly<Record<string, string>> };

export type RouteHandler = (request: HandlerRequest, context: RequestContext) => HandlerResult | Promise<HandlerResult>;

/** An answer about to be written; `decorateResponse` may change it (header names lowercase). */
export interface OutgoingResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** `undefined` accepts the credential; an error code (with an optional detail) refuses it. */
export type AuthVerdict = undefined | void | { code: number; detail?: string };

export interface Logger {
  error(message: string): void;
}

export interface RestServerOptions {
  /** Check every handler answer against the documented response for its status (default true). */
  validateResponses?: boolean;
  /** Also check the documented response headers, after `decorateResponse` (default false). */
  validateResponseHeaders?: boolean;
  /** Largest accepted request body (default 1 MiB). */
  maxBodyBytes?: number;
  /**
   * Checks a credential's value (prefix removed). Presence and format are checked before; this
   * decides whether the value is accepted, e.g. answering `{ code: 5011 }` for an expired token.
   */
  authenticate?(scheme: string, value: string, context: RequestContext): AuthVerdict | Promise<AuthVerdict>;
  /** Runs after authentication, before the request is read and validated; an answer here ends the request (e.g. a quota). */
  beforeHandle?(context: RequestContext): HandlerResult | undefined | void | Promise<HandlerResult | undefined | void>;
  /** Sees every answer before it is written, errors included (e.g. to add rate-limit headers). */
  decorateResponse?(context: RequestContext, response: OutgoingResponse): void;
  /** Where off-spec answers and handler failures are reported (default `console`). */
  logger?: Logger;
}

export interface RestServerDefinition {
  api: ServerApiDescriptor;
  routes: readonly ServerRoute[];
  /** The generated `operationValidators`, by operation id. */
  validators: Readonly<Record<string, OperationValidators>>;
  /** One handler per operation id. */
  handlers: Readonly<Record<string, RouteHandler>>;
}

type ErrorRole = 'bodyInvalid' | 'formInvalid' | 'tokenInvalid' | 'notFound' | 'methodNotAllowed' | 'internalError';

/** Built-in meaning of each role when the spec's `x-error-roles` does not name a code for it. */
const ROLE_FALLBACK: Readonly<Record<ErrorRole, { status: number; message: string }>> = {
  bodyInvalid: { status: 400, message: 'request body is not valid' },
  formInvalid: { status: 400, message: 'request does not match the spec' },
  tokenInvalid: { status: 401, message: 'missing or malformed credentials' },
  notFound: { status: 404, message: 'not found' },
  methodNotAllowed: { status: 405, message: 'method not allowed' },
  internalError: { status: 500, message: 'internal server error' },
};

const DEFAULT_ERROR_FIELDS: ErrorBodyFields = { code: 'error_code', message: 'error_message', detail: 'detail' };
const DEFAULT_MAX_BODY = 1024 * 1024;

interface CompiledRoute extends ServerRoute {
  /** Needs no credentials (`[]` or an empty alternative). */
  open: boolean;
  validators: OperationValidators | undefined;
  handler: RouteHandler;
  /** Content type written for each documented status. */
  contentTypes: Readonly<Record<string, string>>;
  /** Header names lowercase, for reading them from `req.headers`. */
  headerKeys: readonly [spec: string, lower: string][];
}

/** Per-request facts shared by the hooks and the handler. */
export class RequestContext {
  readonly req: IncomingMessage;
  /** `undefined` when no operation matched. */
  readonly operationId: string | undefined;
  /** Credential values by security scheme name (prefix removed), of the alternative that was accepted. */
  credentials: Readonly<Record<string, string>> = {};
  /** Free for hooks and handlers, e.g. the caller's identity or quota. */
  readonly state: Record<string, unknown> = {};
  private readonly server: RestServer;

  constructor(server: RestServer, req: IncomingMessage, operationId: string | undefined) {
    this.server = server;
    this.req = req;
    this.operationId = operationId;
  }

  /** An answer in the spec's error format, with status and message from the catalogue. */
  error(code: number, detail?: string): ErrorAnswer {
    return this.server.errorAnswer(code, detail);
  }
}

export class RestServer {
  readonly api: ServerApiDescriptor;
  private readonly table: RouteTable<CompiledRoute>;
  private readonly options: RestServerOptions;
  private readonly validateResponses: boolean;
  private readonly maxBodyBytes: number;
  private readonly logger: Logger;
  private readonly catalogue: ReadonlyMap<number, { status?: number; message: string }>;
  private readonly errorFields: ErrorBodyFields;
  /** Security schemes with their header name and prefix lowercased once. */
  private readonly schemes: ReadonlyMap<string, ServerSecurityScheme & { prefix: string; lowerName: string; lowerPrefix: string }>;
  private server: Server | undefined;

  constructor(definition: RestServerDefinition, options: RestServerOptions = {}) {
    this.api = definition.api;
    this.options = options;
    this.validateResponses = options.validateResponses ?? true;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    this.logger = options.logger ?? console;
    this.catalogue = new Map(definition.api.errorCatalogue.map((e) => [e.code, e]));
    this.errorFields = definition.api.errorFields ?? DEFAULT_ERROR_FIELDS;
    this.schemes = new Map(
      Object.entries(definition.api.securitySchemes).map(([name, scheme]) => {
        const prefix = scheme.prefix ?? '';
        return [name, { ...scheme, prefix, lowerName: scheme.name.toLowerCase(), lowerPrefix: prefix.toLowerCase() }];
      }),
    );
    this.table = new RouteTable(
      definition.routes.map((route): CompiledRoute => {
        const handler = Object.hasOwn(definition.handlers, route.id) ? definition.handlers[route.id] : undefined;
        if (typeof handler !== 'function') throw new TypeError(`no handler for operation ${route.id}`);
        return {
          ...route,
          validators: Object.hasOwn(definition.validators, route.id) ? definition.validators[route.id] : undefined,
          handler,
          open: route.security.length === 0 || route.security.some((set) => set.length === 0),
          contentTypes: Object.fromEntries(Object.entries(route.responses).map(([status, r]) => [status, writtenContentType(r.contentTypes)])),
          headerKeys: route.headerParams.map((name) => [name, name.toLowerCase()]),
        };
      }),
    );
  }

  /** Handles one request; usable as a `node:http` request listener. Never throws. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      const pending = this.process(req, res);
      if (isPromise(pending)) pending.catch((error: unknown) => this.crashed(req, res, error));
    } catch (error) {
      this.crashed(req, res, error);
    }
  };

  /** Starts listening (default: a free port on 127.0.0.1) and resolves to the base URL. */
  async listen(port = 0, host = '127.0.0.1'): Promise<URL> {
    if (this.server?.listening) throw new Error('server is already listening');
    const server = createServer(this.handle);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return new URL(`http://${shownHost}:${address.port}`);
  }

  /** Stops listening and closes open connections. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  }

  /** An answer in the spec's error format: status and message from the catalogue entry of `code`. */
  errorAnswer(code: number, detail?: string): ErrorAnswer {
    const entry = this.catalogue.get(code);
    const status = entry?.status ?? (code >= 400 && code <= 599 ? code : 500);
    return { status, body: this.errorBody(code, entry?.message ?? `error ${code}`, detail) };
  }

  private roleAnswer(role: ErrorRole, detail: string): ErrorAnswer {
    const code = this.api.errorRoles[role];
    if (code !== undefined) return this.errorAnswer(code, detail);
    const fallback = ROLE_FALLBACK[role];
    return { status: fallback.status, body: this.errorBody(fallback.status, fallback.message, detail) };
  }

  private errorBody(code: number, message: string, detail: string | undefined): Record<string, unknown> {
    const fields = this.errorFields;
    // fromEntries defines own properties, whatever the spec names the fields.
    return Object.fromEntries(detail === undefined ? [[fields.code, code], [fields.message, message]] : [[fields.code, code], [fields.message, message], [fields.detail, detail]]);
  }

  /**
   * The pipeline: route, credentials, `beforeHandle`, request, handler, answer. Each step goes on
   * at once when the previous one answered synchronously, so sync hooks and handlers add no turns
   * of the event loop.
   */
  private process(req: IncomingMessage, res: ServerResponse): Maybe<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    const match = this.table.match(method, pathname);
    if (match.kind !== 'found') {
      const context = new RequestContext(this, req, undefined);
      if (match.kind === 'not-found') return this.send(context, res, this.roleAnswer('notFound', `no operation at ${method} ${pathname}`));
      const answer = this.roleAnswer('methodNotAllowed', `${pathname} does not accept ${method}; it accepts ${match.allow}`);
      return this.send(context, res, { ...answer, headers: { allow: match.allow } });
    }
    const route = match.route;
    const context = new RequestContext(this, req, route.id);
    const query = parseQuery(q < 0 ? '' : url.slice(q + 1));
    return andThen(this.authenticate(route, req, query, context), (refused) => {
      if (refused) return this.send(context, res, refused);
      return andThen(this.options.beforeHandle?.(context), (early) => {
        if (early) return this.send(context, res, early);
        return andThen(this.readRequest(route, req, match.params, query), (request) =>
          'status' in request ? this.send(context, res, request) : this.answer(route, request, context, res),
        );
      });
    });
  }

  /** Calls the handler and sends its answer, checked against the spec in development mode. */
  private answer(route: CompiledRoute, request: HandlerRequest, context: RequestContext, res: ServerResponse): Maybe<void> {
    const failed = (error: unknown): void => {
      this.logger.error(`${route.id}: handler failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      this.send(context, res, this.roleAnswer('internalError', `${route.id} failed while handling the request`));
    };
    const sent = (result: HandlerResult): void => {
      const offSpec = this.validateResponses ? this.checkAnswer(route, result) : undefined;
      if (offSpec !== undefined) this.send(context, res, this.offSpec(route, offSpec));
      else this.send(context, res, result, route);
    };
    let result: Maybe<HandlerResult>;
    try {
      result = route.handler(request, context);
    } catch (error) {
      return failed(error);
    }
    return isPromise(result) ? result.then(sent, failed) : sent(result);
  }

  /** Presence and format of the credentials, then the `authenticate` hook; an answer refuses the request. */
  private authenticate(route: CompiledRoute, req: IncomingMessage, query: QueryValues, context: RequestContext): Maybe<HandlerResult | undefined> {
    if (route.open) return undefined;
    let problem: { scheme: string; detail: string } | undefined;
    for (const alternative of route.security) {
      const found = Object.create(null) as Record<string, string>;
      let complete = true;
      for (const name of alternative) {
        const credential = this.credential(name, req, query);
        if (typeof credential !== 'string') {
          problem ??= { scheme: name, detail: credential.problem };
          complete = false;
          break;
        }
        found[name] = credential;
      }
      if (complete) {
        context.credentials = found;
        return this.verdicts(alternative, found, context, 0);
      }
    }
    // The first alternative's first missing credential decides, with its scheme's own code if it has one.
    const schemeCode = problem === undefined ? undefined : this.schemes.get(problem.scheme)?.errorCode;
    if (problem !== undefined && schemeCode !== undefined) return this.errorAnswer(schemeCode, problem.detail);
    return this.roleAnswer('tokenInvalid', problem?.detail ?? 'no credentials');
  }

  /** The `authenticate` hook's verdict on each credential, in order; the first refusal is the answer. */
  private verdicts(schemes: readonly string[], credentials: Record<string, string>, context: RequestContext, from: number): Maybe<HandlerResult | undefined> {
    const check = this.options.authenticate;
    if (!check) return undefined;
    for (let i = from; i < schemes.length; i++) {
      const scheme = schemes[i]!;
      const verdict = check(scheme, credentials[scheme]!, context);
      if (isPromise(verdict)) return verdict.then((v) => (v ? this.errorAnswer(v.code, v.detail) : this.verdicts(schemes, credentials, context, i + 1)));
      if (verdict) return this.errorAnswer(verdict.code, verdict.detail);
    }
    return undefined;
  }

  /** A scheme's credential value without its prefix, or why it is unusable. */
  private credential(name: string, req: IncomingMessage, query: QueryValues): string | { problem: string } {
    const scheme = this.schemes.get(name);
    if (!scheme) return { problem: `security scheme ${name} is not defined` };
    const raw = scheme.in === 'header' ? req.headers[scheme.lowerName] : scheme.in === 'query' ? query[scheme.name] : cookie(req, scheme.name);
    const prefix = scheme.prefix;
    if (typeof raw === 'string' && raw.length > prefix.length && (prefix === '' || raw.slice(0, prefix.length).toLowerCase() === scheme.lowerPrefix)) {
      const value = raw.slice(prefix.length).trim();
      if (value !== '') return value;
    }
    const where = scheme.in === 'header' ? `header ${scheme.name}` : scheme.in === 'query' ? `query parameter ${scheme.name}` : `cookie ${scheme.name}`;
    if (raw === undefined || raw === '') return { problem: `missing ${where}` };
    if (typeof raw !== 'string') return { problem: `${where} is given more than once` };
    return { problem: `malformed ${where}: expected '${prefix}<value>'` };
  }

  /** Reads, parses and validates the request; an error answer when any part is off-spec. */
  private readRequest(route: CompiledRoute, req: IncomingMessage, path: Record<string, string>, query: QueryValues): Maybe<HandlerRequest | HandlerResult> {
    if (!route.body) return this.validated(route, req, path, query, undefined);
    return andThen(this.readBodyOf(route, route.body, req), (read) => read.answer ?? this.validated(route, req, path, query, read.body));
  }

  private validated(route: CompiledRoute, req: IncomingMessage, path: Record<string, string>, query: QueryValues, body: unknown): HandlerRequest | HandlerResult {
    const headers = Object.create(null) as Record<string, unknown>;
    for (const [spec, lower] of route.headerKeys) {
      const value = req.headers[lower];
      if (value !== undefined) headers[spec] = value;
    }
    const validators = route.validators;
    const problem =
      check(validators?.path, path, 'path') ??
      check(validators?.query, query, 'query') ??
      check(validators?.headers, headers, 'headers') ??
      (body === undefined ? undefined : check(validators?.body, body, 'body'));
    if (problem !== undefined) return this.roleAnswer('formInvalid', problem);
    return body === undefined ? { path, query, headers } : { path, query, headers, body };
  }

  private async readBodyOf(
    route: CompiledRoute,
    spec: NonNullable<ServerRoute['body']>,
    req: IncomingMessage,
  ): Promise<{ answer: HandlerResult; body?: undefined } | { answer?: undefined; body: unknown }> {
    const jsonBody = spec.contentTypes.some((t) => isJsonMediaType(mediaTypeOf(t)));
    const wrongBody = jsonBody ? 'bodyInvalid' : 'formInvalid';
    if (!hasBody(req)) {
      return spec.required ? { answer: this.roleAnswer(wrongBody, `${route.id} needs a request body (${spec.contentTypes.join(' or ')})`) } : { body: undefined };
    }
    const mediaType = mediaTypeOf(req.headers['content-type']);
    if (mediaType === undefined || !acceptsMediaType(spec.contentTypes, mediaType)) {
      req.resume();
      return { answer: this.roleAnswer(wrongBody, `content type ${mediaType ?? '(none)'} is not accepted; send ${spec.contentTypes.join(' or ')}`) };
    }
    let bytes: Buffer;
    try {
      bytes = await readBody(req, this.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return { answer: this.roleAnswer(wrongBody, error.message) };
      throw error;
    }
    if (bytes.length === 0) return spec.required ? { answer: this.roleAnswer(wrongBody, `${route.id} needs a request body`) } : { body: undefined };
    const parsed = parseBody(bytes, mediaType);
    if (!parsed.ok) return { answer: this.roleAnswer('bodyInvalid', `body is not valid JSON: ${parsed.reason}`) };
    return { body: parsed.value };
  }

  /** Why a handler's answer is off-spec, or `undefined` when it matches the documented response. */
  private checkAnswer(route: CompiledRoute, result: HandlerResult): string | undefined {
    if (result === null || typeof result !== 'object' || !Number.isInteger(result.status) || result.status < 100 || result.status > 599) {
      return `the handler's answer is not { status, body?, headers? }: ${describeValue(result)}`;
    }
    if (result.headers !== undefined && (result.headers === null || typeof result.headers !== 'object')) {
      return `the handler's headers are not an object: ${describeValue(result.headers)}`;
    }
    const documented = documentedStatus(route.responses, result.status);
    if (documented === undefined) {
      return `status ${result.status} is not documented (documented: ${Object.keys(route.responses).join(', ') || 'none'})`;
    }
    const hasContent = route.responses[documented]!.contentTypes.length > 0;
    if (!hasContent) return result.body === undefined ? undefined : `status ${documented} is documented without a body, the handler sent one`;
    if (result.body === undefined) return `status ${documented} is documented with a body, the handler sent none`;
    const validator = route.validators?.responses[documented]?.body;
    if (validator && !safeValidate(validator, result.body)) return `body of status ${documented}: ${describeIssues('body', validator.issues)}`;
    return undefined;
  }

  private offSpec(route: CompiledRoute, reason: string): HandlerResult {
    this.logger.error(`${route.id}: off-spec answer replaced by a 500: ${reason}`);
    return this.roleAnswer('internalError', `the ${route.id} handler answered off-spec: ${reason}`);
  }

  /** Decorates and writes an answer; `route` is given for handler answers, whose headers may be checked. */
  private send(context: RequestContext, res: ServerResponse, answer: HandlerResult, route?: CompiledRoute): void {
    let response = this.decorate(context, answer);
    if (route && this.options.validateResponseHeaders) {
      const reason = this.checkHeaders(route, response);
      if (reason !== undefined) response = this.decorate(context, this.offSpec(route, reason));
    }
    const req = context.req;
    if (!req.readableEnded) req.resume();
    let payload: string | Buffer | undefined;
    const headers = response.headers;
    try {
      payload = serialize(response.body, headers, route?.contentTypes[documentedStatus(route.responses, response.status) ?? ''] ?? 'application/json');
    } catch (error) {
      const detail = `the answer cannot be serialised: ${error instanceof Error ? error.message : String(error)}`;
      this.logger.error(`${context.operationId ?? 'request'}: ${detail}`);
      return this.send(context, res, this.roleAnswer('internalError', detail));
    }
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    res.writeHead(response.status, headers);
    res.end(payload);
  }

  private decorate(context: RequestContext, answer: HandlerResult): OutgoingResponse {
    const headers: Record<string, string> = {};
    if (answer.headers) for (const [name, value] of Object.entries(answer.headers)) headers[name.toLowerCase()] = String(value);
    const response: OutgoingResponse = { status: answer.status, headers, body: answer.body };
    try {
      this.options.decorateResponse?.(context, response);
    } catch (error) {
      this.logger.error(`decorateResponse failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    return response;
  }

  private checkHeaders(route: CompiledRoute, response: OutgoingResponse): string | undefined {
    const documented = documentedStatus(route.responses, response.status);
    const validator = documented === undefined ? undefined : route.validators?.responses[documented]?.headers;
    if (documented === undefined || !validator) return undefined;
    const headers = Object.create(null) as Record<string, unknown>;
    for (const name of route.responses[documented]!.headers) {
      const value = response.headers[name.toLowerCase()];
      if (value !== undefined) headers[name] = value;
    }
    return safeValidate(validator, headers) ? undefined : `headers of status ${documented}: ${describeIssues('headers', validator.issues)}`;
  }

  /** Last resort: an unexpected failure of the engine itself. */
  private crashed(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    if (res.destroyed) return; // the client went away mid-request: nobody to answer, nothing to report
    this.logger.error(`${req.method} ${req.url}: request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    try {
      const answer = this.roleAnswer('internalError', 'the server failed while handling the request');
      const payload = JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) });
      res.end(payload);
    } catch {
      res.destroy();
    }
  }
}

type Maybe<T> = T | Promise<T>;

function isPromise<T>(value: Maybe<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/** `next(value)` at once for a plain value, after it settles for a promise. */
function andThen<T, R>(value: Maybe<T>, next: (value: T) => Maybe<R>): Maybe<R> {
  return isPromise(value) ? value.then(next) : next(value);
}

/** Runs a validator; a validator that throws (e.g. on absurdly deep input) counts as a failure. */
function safeValidate(validator: Validator, value: unknown): boolean {
  try {
    return validator(value);
  } catch {
    return false;
  }
}

function check(validator: Validator | undefined, value: unknown, location: string): string | undefined {
  if (!validator) return undefined;
  try {
    return validator(value) ? undefined : describeIssues(location, validator.issues);
  } catch (error) {
    return `${location}: cannot be validated (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** `query/limit: must be <= 1000; query: must have required property 'mac'`. */
export function describeIssues(location: string, issues: readonly ValidationIssue[]): string {
  if (issues.length === 0) return `${location}: does not match the spec`;
  return issues.map((i) => `${location}${i.path}: ${i.message}`).join('; ');
}

/** The documented status an answer falls under: exact, then its class (`4XX`), then `default`. */
function documentedStatus(responses: Readonly<Record<string, unknown>>, status: number): string | undefined {
  const exact = String(status);
  if (Object.hasOwn(responses, exact)) return exact;
  const range = `${exact[0]}XX`;
  for (const key of Object.keys(responses)) if (key.toUpperCase() === range) return key;
  return Object.hasOwn(responses, 'default') ? 'default' : undefined;
}

/** The content type an answer is written with: the documented JSON type when there is one. */
function writtenContentType(documented: readonly string[]): string {
  return documented.find((t) => isJsonMediaType(mediaTypeOf(t))) ?? documented[0] ?? 'application/json';
}

function serialize(body: unknown, headers: Record<string, string>, documentedType: string): string | Buffer | undefined {
  if (body === undefined) return undefined;
  headers['content-type'] ??= documentedType;
  const mediaType = mediaTypeOf(headers['content-type']);
  if (!isJsonMediaType(mediaType) && (typeof body === 'string' || Buffer.isBuffer(body))) return body;
  return JSON.stringify(body);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq >= 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function describeValue(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return String(value);
  }
}
