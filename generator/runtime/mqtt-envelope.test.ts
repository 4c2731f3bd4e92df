import { describe, expect, it } from 'vitest';
import { buildReply, buildRequest, parseJsonPayload, readCorrelation } from './mqtt-envelope.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function counterIds(): () => string {
  let n = 0;
  return () => `id-${++n}`;
}

describe('buildRequest', () => {
  it('uses the injected clock and id source: tid first, then bid', () => {
    const envelope = buildRequest('airport_bind_status', { devices: [] }, { now: () => 1654070968655, newId: counterIds() });
    expect(envelope).toEqual({ tid: 'id-1', bid: 'id-2', timestamp: 1654070968655, method: 'airport_bind_status', data: { devices: [] } });
    expect('gateway' in envelope).toBe(false);
  });

  it('defaults to fresh UUIDs and epoch milliseconds', () => {
    const before = Date.now();
    const a = buildRequest('m', {});
    const b = buildRequest('m', {});
    expect(a.tid).toMatch(UUID);
    expect(a.bid).toMatch(UUID);
    expect(new Set([a.tid, a.bid, b.tid, b.bid]).size).toBe(4);
    expect(a.timestamp).toBeGreaterThanOrEqual(before);
    expect(String(a.timestamp)).toHaveLength(13);
  });

  it('keeps a given bid and sets gateway only when asked', () => {
    const envelope = buildRequest('m', {}, { bid: 'business', gateway: 'dock-sn', newId: counterIds() });
    expect(envelope.tid).toBe('id-1');
    expect(envelope.bid).toBe('business');
    expect(envelope.gateway).toBe('dock-sn');
  });
});

describe('buildReply', () => {
  it('copies tid, bid and method, stamps a new time and leaves gateway out', () => {
    const request = buildRequest('airport_organization_get', {}, { gateway: 'dock-sn', now: () => 1, newId: counterIds() });
    const reply = buildReply(request, { result: 0, output: { organization_name: 'org' } }, { now: () => 1700000000000 });
    expect(reply).toEqual({
      tid: 'id-1',
      bid: 'id-2',
      timestamp: 1700000000000,
      method: 'airport_organization_get',
      data: { result: 0, output: { organization_name: 'org' } },
    });
    expect('gateway' in reply).toBe(false);
  });

  it('omits an undefined output', () => {
    const reply = buildReply({ tid: 't', bid: 'b', method: 'm' }, { result: 210230 });
    expect(reply.data).toEqual({ result: 210230 });
    expect('output' in reply.data).toBe(false);
  });
});

describe('readCorrelation', () => {
  it('reads string tid, bid and method', () => {
    expect(readCorrelation({ tid: 't', bid: 'b', method: 'm', data: {} })).toEqual({ tid: 't', bid: 'b', method: 'm' });
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', '{"tid":"t"}'],
    ['an array', ['t', 'b']],
    ['undefined', undefined],
  ])('returns no fields for %s', (_label, payload) => {
    expect(readCorrelation(payload)).toEqual({});
  });

  it('drops fields that are not non-empty own strings', () => {
    const inherited = Object.create({ tid: 't' }) as object;
    expect(readCorrelation(inherited)).toEqual({});
    expect(readCorrelation({ tid: 1, bid: '', method: ['m'] })).toEqual({});
    expect(readCorrelation({ tid: 't', bid: null })).toEqual({ tid: 't' });
  });

  it('reads a JSON "__proto__" key as data, not as the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"tid": "t"}, "bid": "b"}') as unknown;
    expect(readCorrelation(parsed)).toEqual({ bid: 'b' });
  });
});

describe('parseJsonPayload', () => {
  it('parses a UTF-8 buffer', () => {
    expect(parseJsonPayload(Buffer.from('{"a":"é"}'))).toEqual({ ok: true, value: { a: 'é' } });
  });

  it.each([
    ['broken JSON', Buffer.from('{"tid":')],
    ['an empty payload', Buffer.alloc(0)],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d])],
  ])('reports %s instead of throwing', (_label, payload) => {
    const parsed = parseJsonPayload(payload);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).not.toBe('');
  });
});
