import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildAsyncApiIr } from '../../generator/ir/build-asyncapi.js';
import type { IrMethod, IrSpec } from '../../generator/ir/types.js';
import type { Diagnostic } from '../../generator/load/diagnostic.js';
import { getAt, hasAt } from '../../generator/load/pointer.js';
import { collectRefs } from './ir-walk.js';
import { loadedFromText } from './loaded.js';
import { valueAt } from './positions.js';

const file = fileURLToPath(new URL('../fixtures/ir/jobs.asyncapi.yaml', import.meta.url));
const text = readFileSync(file, 'utf8');

function build(source: string): { ir: IrSpec; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  return { ir: buildAsyncApiIr(loadedFromText(file, source), diagnostics), diagnostics };
}

const { ir, diagnostics } = build(text);
const method = (name: string): IrMethod => {
  const found = ir.methods.find((m) => m.name === name);
  if (!found) throw new Error(`no method ${name} among ${ir.methods.map((m) => m.name).join(', ')}`);
  return found;
};

describe('buildAsyncApiIr', () => {
  it('reads the root: info, servers, error catalogue without statuses', () => {
    expect(ir).toMatchObject({ name: 'jobs', kind: 'asyncapi', specVersion: '3.0.0', title: 'Job runner (IR fixture)', version: '0.3.0', operations: [] });
    expect(ir.servers).toEqual([{ url: 'mqtt://localhost:1883', protocol: 'mqtt' }]);
    expect(ir.errorCatalogue.map((e) => [e.code, e.status, e.message])).toEqual([
      [3, undefined, 'no such job'],
      [7, undefined, 'job failed'],
    ]);
  });

  it('makes one method per request/reply operation, named by the payload method const, sorted by name', () => {
    expect(ir.methods.map((m) => [m.name, m.operationId, m.action])).toEqual([
      ['job.start', 'startJob', 'send'],
      ['job.stop', 'stopJob', 'receive'],
      ['ping', 'ping', 'send'],
    ]);
    expect(method('job.start').summary).toBe('Start a job');
    expect(method('job.start').location).toEqual({ file, ...valueAt(text, ['operations:', '  startJob:']), pointer: '/operations/startJob' });
  });

  it('resolves request and reply messages through channel message $refs', () => {
    const start = method('job.start');
    expect(start.request).toMatchObject({ name: 'StartJob', title: 'start request', summary: 'Asks to start a job', contentType: 'application/json' });
    expect(start.request.payload.pointer).toBe('/components/messages/StartJob/payload');
    expect(start.request.payload.location).toMatchObject(valueAt(text, ['components:', '  messages:', '    StartJob:', '      payload:']));
    expect(start.request.location.pointer).toBe('/components/messages/StartJob');
    expect(start.request.examples.map((e) => [e.name, e.location.pointer])).toEqual([['start', '/components/messages/StartJob/examples/0']]);
    expect(start.reply.name).toBe('StartJobReply');
    expect(start.reply.payload.pointer).toBe('/components/messages/StartJobReply/payload');
  });

  it('builds channels with address and parameters in address order, shared by the methods', () => {
    const start = method('job.start');
    expect(start.request.channel).toMatchObject({ id: 'requests', address: '{tenant}/jobs/{deviceId}/requests' });
    expect(start.request.channel.parameters.map((p) => [p.name, p.description, p.location.pointer])).toEqual([
      ['tenant', 'Tenant name', '/channels/requests/parameters/tenant'],
      ['deviceId', "The device's id", '/components/parameters/deviceId'],
    ]);
    expect(start.reply.channel).toMatchObject({ id: 'replies', address: '{tenant}/jobs/{deviceId}/replies' });
    expect(start.reply.channel.location).toMatchObject(valueAt(text, ['channels:', '  replies:']));
    expect(method('job.stop').request.channel).toBe(start.request.channel);
  });

  it('follows a $ref reply, message traits and multi-format payloads', () => {
    const stop = method('job.stop');
    expect(stop.reply.channel.id).toBe('replies');
    expect(stop.reply).toMatchObject({ name: 'StopJobReply', contentType: 'application/octet-stream' });
    expect(stop.reply.payload.pointer).toBe('/components/messages/StopJobReply/payload/schema');
    expect(getAt(ir.document, stop.reply.payload.pointer)).toMatchObject({ type: 'object' });
  });

  it('uses a dynamic reply address as the reply channel', () => {
    const ping = method('ping');
    expect(ping.request.name).toBe('PingRequest');
    expect(ping.reply.name).toBe('Pong');
    expect(ping.reply.channel).toMatchObject({ id: 'ping.reply', address: '$message.header#/replyTo', parameters: [] });
    expect(ping.reply.channel.location.pointer).toBe('/operations/ping/reply/address');
  });

  it('takes correlation from correlationId and the configured or envelope fields', () => {
    expect(method('job.start').correlation).toEqual({ location: '$message.payload#/tid', fields: ['tid', 'bid'] });
    expect(method('job.stop').correlation).toEqual({ location: '$message.payload#/requestId', fields: ['requestId'] });
    expect(method('ping').correlation).toEqual({ location: '$message.payload#/corr', fields: ['corr'] });
  });

  it('falls back to tid+bid from the envelope, then to the correlation location', () => {
    const withoutConfig = text.replace('x-correlation-fields: [tid, bid]\n', '').replace('    x-correlation-fields: [requestId]\n', '');
    expect(withoutConfig).not.toBe(text);
    const rebuilt = build(withoutConfig).ir;
    expect(rebuilt.methods.find((m) => m.name === 'job.start')!.correlation.fields).toEqual(['tid', 'bid']);
    expect(rebuilt.methods.find((m) => m.name === 'job.stop')!.correlation.fields).toEqual(['requestId']);
  });

  it('takes QoS from x-qos, the MQTT binding (also by $ref) and the defaults', () => {
    expect(method('job.start').qos).toEqual({ request: 1, reply: 1, subscribe: 1 });
    expect(method('job.stop').qos).toEqual({ request: 0, reply: 2, subscribe: 1 });
    expect(method('ping').qos).toEqual({ request: 2, reply: 2, subscribe: 1 });
  });

  it('reports a QoS that disagrees with the binding, and keeps x-qos', () => {
    const conflicting = text.replace('    x-qos:\n      request: 1\n      reply: 1\n', '    x-qos:\n      request: 2\n      reply: 1\n');
    expect(conflicting).not.toBe(text);
    const rebuilt = build(conflicting);
    expect(rebuilt.ir.methods[0]!.qos.request).toBe(2);
    expect(rebuilt.diagnostics.map((d) => [d.code, d.pointer])).toEqual([['ir-qos-conflict', '/operations/startJob/x-qos']]);
  });

  it('takes timeout and retries from the operation, then the root, then the defaults', () => {
    expect([method('job.start').timeoutMs, method('job.start').retries]).toEqual([5000, 0]);
    expect([method('job.stop').timeoutMs, method('job.stop').retries]).toEqual([4000, 2]);
    const noRoot = build(text.replace('x-timeout-ms: 4000\n', '')).ir;
    expect(noRoot.methods.find((m) => m.name === 'job.stop')!.timeoutMs).toBe(3000);
    expect(method('job.start').extensions).toEqual({ 'x-qos': { request: 1, reply: 1 }, 'x-timeout-ms': 5000, 'x-retries': 0 });
  });

  it('normalises draft-07 schemas and retargets $refs into tuple items', () => {
    expect(getAt(ir.document, '/components/schemas/Pair')).toEqual({
      type: 'array',
      prefixItems: [{ type: 'string' }, { $ref: '#/components/schemas/Count' }],
      items: false,
    });
    expect(getAt(ir.document, '/components/schemas/SecondOfPair')).toEqual({ $ref: '#/components/schemas/Pair/prefixItems/1' });
    expect(getAt(ir.document, '/components/schemas/Envelope')).toMatchObject({
      dependentRequired: { tid: ['bid'] },
      dependentSchemas: { bid: { required: ['tid'] } },
    });
    expect(getAt(ir.document, '/components/schemas/Legacy/schema')).toEqual({ type: ['string', 'null'] });
    expect(ir.schemas.find((s) => s.name === 'Legacy')!.schema.pointer).toBe('/components/schemas/Legacy/schema');
  });

  it('points every schema ref and location into the normalised document', () => {
    expect(diagnostics).toEqual([]);
    const { schemaRefs, locations } = collectRefs(ir);
    expect(schemaRefs.length).toBeGreaterThan(10);
    for (const ref of schemaRefs) expect(getAt(ir.document, ref.pointer), ref.pointer).toBeDefined();
    for (const location of locations) expect(hasAt(ir.document, location.pointer), location.pointer).toBe(true);
  });

  it('is deterministic', () => {
    const again = build(text).ir;
    expect(again).toEqual(ir);
    expect(JSON.stringify(again)).toBe(JSON.stringify(ir));
  });

  it('reports two operations with the same method and keeps the first', () => {
    const duplicated = text.replace('const: job.start', 'const: job.stop');
    const rebuilt = build(duplicated);
    expect(rebuilt.ir.methods.map((m) => [m.name, m.operationId])).toEqual([
      ['job.stop', 'startJob'],
      ['ping', 'ping'],
    ]);
    expect(rebuilt.diagnostics).toMatchObject([{ code: 'ir-duplicate-method', severity: 'error', pointer: '/operations/stopJob' }]);
  });
});
