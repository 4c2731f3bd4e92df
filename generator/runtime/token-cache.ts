/**
 * Access-token lifecycle: fetch a token once, reuse it, renew it shortly before it expires, and
 * let concurrent callers share one renewal instead of each fetching their own.
 */

/** A token and the moment it stops working, in epoch seconds. */
export interface TokenGrant {
  token: string;
  expiresAt: number;
}

export interface TokenProviderOptions {
  /** Obtains a fresh token, e.g. by calling the spec's access-token operation. */
  fetchToken: () => Promise<TokenGrant>;
  /** Renew this many seconds before `expiresAt` (default 60). */
  renewBeforeSeconds?: number;
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
}

export class TokenProvider {
  private readonly fetchToken: () => Promise<TokenGrant>;
  private readonly renewBeforeMs: number;
  private readonly now: () => number;
  private grant: TokenGrant | undefined;
  private renewal: Promise<TokenGrant> | undefined;

  constructor(options: TokenProviderOptions) {
    this.fetchToken = options.fetchToken;
    this.renewBeforeMs = (options.renewBeforeSeconds ?? 60) * 1000;
    this.now = options.now ?? Date.now;
  }

  /** The cached grant, if any (it may be due for renewal). */
  get current(): TokenGrant | undefined {
    return this.grant;
  }

  /** A usable token: the cached one while it is fresh, otherwise the result of one shared renewal. */
  async getToken(): Promise<string> {
    if (this.grant && this.isFresh(this.grant)) return this.grant.token;
    return (await this.renew()).token;
  }

  /**
   * Drops the cached token so the next `getToken` renews. Pass the token a call was rejected with:
   * when another call has already replaced it, the newer token is kept.
   */
  invalidate(staleToken?: string): void {
    if (staleToken === undefined || this.grant?.token === staleToken) this.grant = undefined;
  }

  private isFresh(grant: TokenGrant): boolean {
    return this.now() < grant.expiresAt * 1000 - this.renewBeforeMs;
  }

  private renew(): Promise<TokenGrant> {
    this.renewal ??= this.fetchToken()
      .then((grant) => {
        checkGrant(grant);
        this.grant = grant;
        return grant;
      })
      .finally(() => {
        this.renewal = undefined;
      });
    return this.renewal;
  }
}

function checkGrant(grant: TokenGrant): void {
  if (typeof grant?.token !== 'string' || grant.token === '') throw new TypeError('fetchToken returned no token');
  if (typeof grant.expiresAt !== 'number' || !Number.isFinite(grant.expiresAt)) {
    throw new TypeError(`fetchToken returned an invalid expiresAt: ${String(grant.expiresAt)}`);
  }
}

/**
 * Reads a grant out of an access-token answer whose field names the spec decides, e.g.
 * `readTokenGrant(body, 'token', ['expired_at', 'expire_at'])`: the first expiry field present wins,
 * as epoch seconds given as a number or a numeric string.
 */
export function readTokenGrant(body: unknown, tokenField: string, expiresAtFields: readonly string[]): TokenGrant {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const token = record[tokenField];
  if (typeof token !== 'string' || token === '') throw new TypeError(`access-token answer has no '${tokenField}'`);
  for (const field of expiresAtFields) {
    const value = record[field];
    const expiresAt = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof expiresAt === 'number' && Number.isFinite(expiresAt)) return { token, expiresAt };
  }
  throw new TypeError(`access-token answer has no expiry in ${expiresAtFields.map((f) => `'${f}'`).join(' or ')}`);
}
