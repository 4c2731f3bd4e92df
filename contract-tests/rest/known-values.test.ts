import { describe, expect, it } from 'vitest';
import { KnownValues, seededRandom } from './known-values.js';

const sample = { path: { product_key: 'random', did: 'x' }, query: { mac: 'm', limit: 3 }, headers: {}, body: { parent_gid: 'p', dids: ['a', 'b'], uid: 'u', appid: 'a' } };

describe('KnownValues', () => {
  it('fills identifiers by name, suffix and plural, and leaves other keys alone', () => {
    const known = new KnownValues(['product_key', 'did', 'mac', 'gid']);
    known.add({ product_key: 'PK' }, true);
    known.add({ did: 'D1', mac: 'M1' });
    known.add({ gid: 'G1' });
    const out = known.substitute(sample, seededRandom(1));
    expect(out.path).toEqual({ product_key: 'PK', did: 'D1' });
    expect(out.query).toEqual({ mac: 'M1', limit: 3 });
    expect(out.body).toEqual({ parent_gid: 'G1', dids: ['D1', 'D1'], uid: 'u', appid: 'a' });
  });

  it('takes values that belong together from one record', () => {
    const known = new KnownValues(['uid', 'appid']);
    known.add({ uid: 'lonely' });
    known.add({ uid: 'U2', appid: 'A2' });
    for (let seed = 0; seed < 20; seed++) {
      const body = known.substitute(sample, seededRandom(seed)).body as Record<string, string>;
      expect([body.uid, body.appid]).toEqual(['U2', 'A2']);
    }
  });

  it('keeps the key an invalid sample breaks and adds no key', () => {
    const known = new KnownValues(['did', 'mac']);
    known.add({ did: 'D1', mac: 'M1' });
    const violation = { location: 'query' as const, pointer: '/mac', keyword: 'minLength', schemaPointer: '', description: 'mac too short' };
    const out = known.substitute({ path: {}, query: { mac: '' }, headers: {} }, seededRandom(3), { keep: violation });
    expect(out.query).toEqual({ mac: '' });
    expect(known.substitute({ path: {}, query: {}, headers: {} }, seededRandom(3)).query).toEqual({});
  });

  it('uses only scope values when asked (DELETEs never get discovered resources)', () => {
    const known = new KnownValues(['product_key', 'gid']);
    known.add({ product_key: 'PK' }, true);
    known.add({ gid: 'G1' });
    const out = known.substitute({ path: { product_key: 'r', gid: 'r' }, query: {}, headers: {} }, seededRandom(1), { scopeOnly: true });
    expect(out.path).toEqual({ product_key: 'PK', gid: 'r' });
  });

  it('ignores names that are not identifiers and empty values', () => {
    const known = new KnownValues(['did']);
    known.add({ did: '', other: 'x' });
    expect(known.size).toBe(0);
  });
});
