/**
 * The engine behind a generated REST client. The generated code describes the API as data
 * (security schemes, per-operation method/path/security/statuses/validators); this class sends
 * calls, attaches credentials, renews an expired token once, waits out a quota when asked to,
 * and turns answers into a body, an `ApiError` or a `ResponseValidationError`.
 */
import { ApiError, ResponseValidationError, type ErrorBodyFields } from './http-error.js';
import { hasParam, mergeHeaders, sendRequest, type FetchLike, type Params } from './http-request.js';
import { RateLimitTracker, parseRateLimit, sleep as realSleep, waitForReset, type RateLimitState, type Sleep } from './rate-limit.js';
import { TokenProvider, type TokenGrant } from './token-cache.js';
import type { ValidationIssue, Validator } from './validation.js';

/**
 * How one security scheme of the spec is sent. `token` values come from the client's token
 * provider; `credential` values from `auth.credentials[credential ?? scheme name]`.
 * `prefix` goes before the value, e.g. `'token '` for `Authorization: token <t>`.
 */
export type SecuritySchemeDescriptor =
  | { kind: 'token'; in: 'header' | 'query'; name: string; prefix?: string }
  | { kind: 'credential'; in: 'header' | 'query'; name: string; credential?: string; prefix?: string };

/** What a spec says about the whole API, written once by the emitter. */
export interface ApiDescriptor {
  securitySchemes: Readonly<Record<string, SecuritySchemeDescriptor>>;
  /** Error codes meaning the token is no longer accepted: the client renews it and retries once. */
  renewOnCodes?: readonly number[];
  /** Error code meaning the request quota is used up (HTTP 429 always counts as such). */
  rateLimitCode?: number;
  /** Field names of the spec's error body (default `error_code`, `error_message`, `detail`). */
  errorFields?: ErrorBodyFields;
}

/** What the emitter writes for one operation. */
export interface OperationDescriptor {
  id: string;
  method: string;
  /** Path template, e.g. `/v1/products/{product_key}/devices`. */
  path: string;
  /** Alternatives (OR) of scheme-name sets (AND); `[]` or `[[]]` means no auth. */
  security: readonly (readonly string[])[];
  /** Documented success statuses: `'200'`, `'2XX'`, `'default'`. */
  successStatuses: readonly string[];
  /** Response validators by documented status (e.g. `operationValidators[id].responses`). */
  responseValidators?: Readonly<Record<string, { body?: Validator<unknown> }>>;
}

export interface CallRequest {
  path?: Params;
  query?: Params;
  headers?: Params;
  body?: unknown;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
}

export interface AuthOptions {
  /** Where tokens come from: a provider, or a function (usually calling the access-token operation) the client wraps in one. */
  token?: TokenProvider | ((core: RestClientCore) => Promise<TokenGrant>);
  /** For a token function: renew this many seconds before expiry (default 60). */
  renewBeforeSeconds?: number;
  /** Values of `credential` schemes, keyed by credential name. */
  credentials?: Readonly<Record<string, string | undefined>>;
}

export interface RateLimitRetryOptions {
  /** Longest wait for the quota to reset (default 60 000 ms); a later reset is not waited for. */
  maxWaitMs?: number;
  /** Retries per call after a quota error (default 2). */
  maxRetries?: number;
}

export interface RestClientOptions {
  baseUrl: string;
  fetch?: FetchLike;
  /** Per-request timeout (default 30 000 ms; 0 for none). */
  timeoutMs?: number;
  /** Sent with every call; a call's own headers win. */
  headers?: Params;
  auth?: AuthOptions;
  /** Wait for the quota to reset and retry (default off). */
  retryOnRateLimit?: boolean | RateLimitRetryOptions;
  /** Check 2xx bodies against the spec's response validators (default off). */
  validateResponses?: boolean;
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
  sleep?: Sleep;
}

/** No security alternative of the operation can be satisfied with the configured credentials. */
export class MissingCredentialsError extends Error {
  override readonly name = 'MissingCredentialsError';
  readonly operationId: string;
  readonly security: readonly (readonly string[])[];

  constructor(operationId: string, security: readonly (readonly string[])[]) {
    super(`${operationId} needs credentials for ${security.map((set) => set.join(' + ')).join(' or ')}, none configured`);
    this.operationId = operationId;
    this.security = security;
  }
}

interface AppliedAuth {
  headers: Record<string, string>;
  query: Record<string, string>;
  /** The token sent, when a token scheme was used. */
  token: string | undefined;
}

export class RestClientCore {
  readonly tokenProvider: TokenProvider | undefined;
  private readonly rateLimits = new RateLimitTracker();
  private readonly renewOnCodes: ReadonlySet<number>;
  private readonly rateLimitRetry: Required<RateLimitRetryOptions> | undefined;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly api: ApiDescriptor;
  private readonly options: RestClientOptions;

  constructor(api: ApiDescriptor, options: RestClientOptions) {
    this.api = api;
    this.options = options;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.renewOnCodes = new Set(api.renewOnCodes ?? []);
    const retry = options.retryOnRateLimit;
    this.rateLimitRetry = retry ? { maxWaitMs: 60_000, maxRetries: 2, ...(retry === true ? {} : retry) } : undefined;
    const token = options.auth?.token;
    this.tokenProvider =
      typeof token === 'function'
        ? new TokenProvider({
            fetchToken: () => token(this),
            now: this.now,
            ...(options.auth?.renewBeforeSeconds === undefined ? {} : { renewBeforeSeconds: options.auth.renewBeforeSeconds }),
          })
        : token;
  }

  /** The quota reported by the most recent response that carried one. */
  get lastRateLimit(): RateLimitState | undefined {
    return this.rateLimits.last;
  }

  /** Sends one operation and resolves to its success body; rejects with `ApiError` for a non-2xx answer. */
  async call<T = unknown>(op: OperationDescriptor, request: CallRequest = {}, options: CallOptions = {}): Promise<T> {
    let renewed = false;
    let rateLimitRetries = 0;
    for (;;) {
      const auth = await this.authFor(op, request);
      const response = await sendRequest(
        {
          method: op.method,
          baseUrl: this.options.baseUrl,
          path: op.path,
          pathParams: request.path ?? {},
          query: { ...request.query, ...auth.query },
          headers: mergeHeaders(this.options.headers, auth.headers, request.headers),
          body: request.body,
        },
        {
          ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          timeoutMs: options.timeoutMs ?? this.options.timeoutMs ?? 30_000,
          operation: op.id,
        },
      );
      this.rateLimits.update(response.headers);
      if (response.status >= 200 && response.status < 300) return this.successBody(op, response.status, response.body) as T;

      const error = ApiError.fromResponse(op.id, response, this.api.errorFields);
      if (!renewed && auth.token !== undefined && error.code !== undefined && this.renewOnCodes.has(error.code)) {
        renewed = true;
        this.tokenProvider?.invalidate(auth.token);
        continue;
      }
      if (this.rateLimitRetry && this.isRateLimited(error) && rateLimitRetries < this.rateLimitRetry.maxRetries) {
        const waited = await waitForReset(parseRateLimit(response.headers)?.reset, {
          now: this.now,
          sleep: this.sleep,
          maxWaitMs: this.rateLimitRetry.maxWaitMs,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        if (waited !== undefined) {
          rateLimitRetries++;
          continue;
        }
      }
      throw error;
    }
  }

  private isRateLimited(error: ApiError): boolean {
    return error.status === 429 || (this.api.rateLimitCode !== undefined && error.code === this.api.rateLimitCode);
  }

  /** Applies the first security alternative whose schemes can all be satisfied. */
  private async authFor(op: OperationDescriptor, request: CallRequest): Promise<AppliedAuth> {
    const applied: AppliedAuth = { headers: {}, query: {}, token: undefined };
    if (op.security.length === 0) return applied;
    const alternative = op.security.find((set) => set.every((name) => this.canSatisfy(name, request)));
    if (!alternative) throw new MissingCredentialsError(op.id, op.security);
    for (const name of alternative) {
      const scheme = this.api.securitySchemes[name];
      if (!scheme || sentByCaller(scheme, request)) continue;
      let value: string | undefined;
      if (scheme.kind === 'token') {
        value = await this.tokenProvider?.getToken();
        applied.token = value;
      } else {
        value = this.credential(name, scheme);
      }
      if (value === undefined) throw new MissingCredentialsError(op.id, op.security);
      (scheme.in === 'header' ? applied.headers : applied.query)[scheme.name] = `${scheme.prefix ?? ''}${value}`;
    }
    return applied;
  }

  private canSatisfy(schemeName: string, request: CallRequest): boolean {
    const scheme = this.api.securitySchemes[schemeName];
    if (!scheme) return false;
    if (sentByCaller(scheme, request)) return true;
    return scheme.kind === 'token' ? this.tokenProvider !== undefined : this.credential(schemeName, scheme) !== undefined;
  }

  private credential(schemeName: string, scheme: SecuritySchemeDescriptor & { kind: 'credential' }): string | undefined {
    const credentials = this.options.auth?.credentials ?? {};
    const key = scheme.credential ?? schemeName;
    return Object.hasOwn(credentials, key) ? credentials[key] : undefined;
  }

  private successBody(op: OperationDescriptor, status: number, body: unknown): unknown {
    if (!this.options.validateResponses) return body;
    const documented = documentedStatus(op.successStatuses, status);
    if (documented === undefined) {
      throw new ResponseValidationError(op.id, status, [undocumentedStatus(status, op.successStatuses)], body);
    }
    const validator = op.responseValidators?.[documented]?.body;
    if (validator && !validator(body)) throw new ResponseValidationError(op.id, status, validator.issues, body);
    return body;
  }
}

/** The caller passed the scheme's header or query parameter explicitly: it is used as given. */
function sentByCaller(scheme: SecuritySchemeDescriptor, request: CallRequest): boolean {
  return scheme.in === 'header' ? hasParam(request.headers, scheme.name, true) : hasParam(request.query, scheme.name);
}

/** The documented status a response falls under: exact, then its class (`2XX`), then `default`. */
function documentedStatus(statuses: readonly string[], status: number): string | undefined {
  const exact = String(status);
  const range = `${exact[0]}XX`;
  return statuses.find((s) => s === exact) ?? statuses.find((s) => s.toUpperCase() === range) ?? statuses.find((s) => s === 'default');
}

function undocumentedStatus(status: number, documented: readonly string[]): ValidationIssue {
  return {
    path: '',
    keyword: 'status',
    message: `status ${status} is not a documented success status (${documented.join(', ') || 'none'})`,
    schemaPointer: '',
    params: { status, documented },
  };
}
