import { describe, expect, it } from 'vitest';
import { readTokenGrant, TokenProvider, type TokenGrant } from './token-cache.js';

/** A token source that numbers its tokens and expires each `lifetimeSeconds` after the fake clock's now. */
function tokenSource(clock: { ms: number }, lifetimeSeconds: number) {
  const source = {
    fetches: 0,
    fetchToken: async (): Promise<TokenGrant> => {
      source.fetches++;
      return { token: `t${source.fetches}`, expiresAt: Math.floor(clock.ms / 1000) + lifetimeSeconds };
    },
  };
  return source;
}

describe('TokenProvider', () => {
  it('fetches once and reuses the token while it is fresh', async () => {
    const clock = { ms: 1_700_000_000_000 };
    const source = tokenSource(clock, 7 * 24 * 3600);
    const provider = new TokenProvider({ fetchToken: source.fetchToken, now: () => clock.ms });
    expect(await provider.getToken()).toBe('t1');
    clock.ms += 3600_000;
    expect(await provider.getToken()).toBe('t1');
    expect(source.fetches).toBe(1);
    expect(provider.current).toEqual({ token: 't1', expiresAt: 1_700_000_000 + 7 * 24 * 3600 });
  });

  it('renews renewBeforeSeconds before expiry, not earlier', async () => {
    const clock = { ms: 1_000_000_000 };
    const source = tokenSource(clock, 600);
    const provider = new TokenProvider({ fetchToken: source.fetchToken, now: () => clock.ms, renewBeforeSeconds: 60 });
    await provider.getToken();
    const expiresAtMs = (provider.current?.expiresAt ?? 0) * 1000;
    clock.ms = expiresAtMs - 60_001;
    expect(await provider.getToken()).toBe('t1');
    clock.ms = expiresAtMs - 60_000;
    expect(await provider.getToken()).toBe('t2');
    expect(source.fetches).toBe(2);
  });

  it('defaults to renewing 60 seconds before expiry', async () => {
    const clock = { ms: 0 };
    const source = tokenSource(clock, 120);
    const provider = new TokenProvider({ fetchToken: source.fetchToken, now: () => clock.ms });
    await provider.getToken();
    clock.ms = 59_999;
    expect(await provider.getToken()).toBe('t1');
    clock.ms = 60_000;
    expect(await provider.getToken()).toBe('t2');
  });

  it('shares one renewal among concurrent callers', async () => {
    let release: (grant: TokenGrant) => void = () => undefined;
    let fetches = 0;
    const provider = new TokenProvider({
      fetchToken: () => {
        fetches++;
        return new Promise<TokenGrant>((resolve) => (release = resolve));
      },
      now: () => 0,
    });
    const waiting = [provider.getToken(), provider.getToken(), provider.getToken()];
    release({ token: 'shared', expiresAt: 10_000 });
    expect(await Promise.all(waiting)).toEqual(['shared', 'shared', 'shared']);
    expect(fetches).toBe(1);
  });

  it('renews after invalidate(), but keeps a newer token when told a stale one', async () => {
    const clock = { ms: 0 };
    const source = tokenSource(clock, 3600);
    const provider = new TokenProvider({ fetchToken: source.fetchToken, now: () => clock.ms });
    expect(await provider.getToken()).toBe('t1');
    provider.invalidate('t1');
    expect(await provider.getToken()).toBe('t2');
    provider.invalidate('t1');
    expect(await provider.getToken()).toBe('t2');
    provider.invalidate();
    expect(await provider.getToken()).toBe('t3');
    expect(source.fetches).toBe(3);
  });

  it('passes a failed fetch to every waiter and tries again on the next call', async () => {
    let attempt = 0;
    const provider = new TokenProvider({
      fetchToken: async () => {
        attempt++;
        if (attempt === 1) throw new Error('auth server down');
        return { token: 'ok', expiresAt: 10_000 };
      },
      now: () => 0,
    });
    await expect(Promise.all([provider.getToken(), provider.getToken()])).rejects.toThrow('auth server down');
    expect(attempt).toBe(1);
    expect(await provider.getToken()).toBe('ok');
  });

  it('rejects a grant without a token or with an unusable expiry', async () => {
    const noToken = new TokenProvider({ fetchToken: async () => ({ token: '', expiresAt: 1 }) });
    await expect(noToken.getToken()).rejects.toThrow('no token');
    const badExpiry = new TokenProvider({ fetchToken: async () => ({ token: 't', expiresAt: Number.NaN }) });
    await expect(badExpiry.getToken()).rejects.toThrow('invalid expiresAt');
  });
});

describe('readTokenGrant', () => {
  const fields = ['expired_at', 'expire_at'] as const;

  it('reads the first expiry field present, as a number or numeric string', () => {
    expect(readTokenGrant({ token: 'a', expired_at: 1700 }, 'token', fields)).toEqual({ token: 'a', expiresAt: 1700 });
    expect(readTokenGrant({ token: 'a', expire_at: '1800' }, 'token', fields)).toEqual({ token: 'a', expiresAt: 1800 });
    expect(readTokenGrant({ token: 'a', expired_at: 1, expire_at: 2 }, 'token', fields)).toEqual({ token: 'a', expiresAt: 1 });
  });

  it('explains what is missing', () => {
    expect(() => readTokenGrant({ expired_at: 1 }, 'token', fields)).toThrow("no 'token'");
    expect(() => readTokenGrant({ token: 'a', expired_at: 'soon' }, 'token', fields)).toThrow("no expiry in 'expired_at' or 'expire_at'");
    expect(() => readTokenGrant('nope', 'token', fields)).toThrow("no 'token'");
  });
});
