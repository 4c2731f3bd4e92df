/**
 * Access tokens: issued for one product, valid for a fixed time (7 days by default), checked on
 * every token-authenticated call: unknown 5009, expired 5011, issued for another product 5010.
 */

import { Code, fail } from './errors.js';
import type { Prng } from '../../util/prng.js';

export const TOKEN_TTL_SECONDS = 7 * 24 * 3600;

export interface TokenRecord {
  token: string;
  productKey: string;
  enterpriseId: string;
  /** Epoch seconds. */
  expiredAt: number;
}

export class TokenBook {
  private readonly tokens = new Map<string, TokenRecord>();

  constructor(
    private readonly prng: Prng,
    private readonly ttlSeconds: number = TOKEN_TTL_SECONDS,
  ) {}

  issue(productKey: string, enterpriseId: string, nowSeconds: number): TokenRecord {
    let token = this.prng.hex(32);
    while (this.tokens.has(token)) token = this.prng.hex(32);
    const record = { token, productKey, enterpriseId, expiredAt: Math.floor(nowSeconds) + this.ttlSeconds };
    this.tokens.set(token, record);
    return record;
  }

  /** The record of a live token (dead once now > expired_at), issued for `productKey` when one is given. */
  verify(token: string, productKey: string | undefined, nowSeconds: number): TokenRecord {
    const record = this.tokens.get(token) ?? fail(Code.tokenInvalid, 'unknown token');
    if (nowSeconds > record.expiredAt) fail(Code.tokenExpired, `the token expired at ${record.expiredAt}`);
    if (productKey !== undefined && record.productKey !== productKey) fail(Code.tokenMismatch, 'the token was issued for another product');
    return record;
  }
}
