import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildIr } from '../../generator/ir/build.js';
import { compareStatus } from '../../generator/ir/build-openapi.js';
import type { IrSpec } from '../../generator/ir/types.js';
import type { Diagnostic } from '../../generator/load/diagnostic.js';
import { getAt, hasAt } from '../../generator/load/pointer.js';
import { collectRefs } from './ir-walk.js';
import { loadedFromFile } from './loaded.js';

const spec = (name: string) => fileURLToPath(new URL(`../../specs/${name}`, import.meta.url));

async function build(file: string): Promise<{ ir: IrSpec; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  return { ir: buildIr(await loadedFromFile(file), diagnostics), diagnostics };
}

function expectResolvable(ir: IrSpec): void {
  const { schemaRefs, locations } = collectRefs(ir);
  for (const ref of schemaRefs) expect(getAt(ir.document, ref.pointer), ref.pointer).toBeDefined();
  for (const location of locations) {
    expect(hasAt(ir.document, location.pointer), location.pointer).toBe(true);
    expect(location.line).toBeGreaterThan(0);
  }
}

describe('IR of specs/gizwits-enterprise.openapi.yaml', async () => {
  const { ir, diagnostics } = await build(spec('gizwits-enterprise.openapi.yaml'));

  it('has 33 operations with unique ids and a 56-code error catalogue, without builder diagnostics', () => {
    expect(diagnostics).toEqual([]);
    expect(ir.kind).toBe('openapi');
    expect(ir.operations).toHaveLength(33);
    expect(new Set(ir.operations.map((o) => o.id)).size).toBe(33);
    expect(ir.errorCatalogue).toHaveLength(56);
    const codes = new Set(ir.errorCatalogue.map((e) => e.code));
    for (const operation of ir.operations) for (const code of operation.errorCodes) expect(codes, `${operation.id} ${code}`).toContain(code);
  });

  it('keeps the resolutions of DESIGN.md', () => {
    const byRoute = (method: string, path: string) => ir.operations.find((o) => o.method === method && o.path === path);
    const token = byRoute('post', '/v1/products/{product_key}/access_token');
    expect(token?.security).toEqual([]);
    expect(token?.responses.map((r) => r.status)).toContain('201');
    expect(byRoute('get', '/v1/users/search')?.security).toEqual([['EnterpriseId', 'EnterpriseSecret']]);
    expect(byRoute('get', '/v1/products/{product_key}/devices/report/rt')).toBeDefined();
    expect(byRoute('get', '/v1/products/{product_key}/alert/report/events')).toBeDefined();
    const status = (code: number) => ir.errorCatalogue.find((e) => e.code === code)?.status;
    expect([status(5009), status(5010), status(5011), status(5013)]).toEqual([400, 400, 400, 403]);
  });

  it('orders responses and parameters as the IR promises', () => {
    for (const operation of ir.operations) {
      const statuses = operation.responses.map((r) => r.status);
      expect(statuses).toEqual([...statuses].sort(compareStatus));
      const order = ['path', 'query', 'header', 'cookie'];
      const keys = operation.parameters.map((p) => `${order.indexOf(p.in)}:${p.name}`);
      expect(keys).toEqual([...keys].sort());
    }
  });

  it('points every schema ref and location into the document', () => {
    expectResolvable(ir);
  });
});

describe('IR of specs/dji-dock-organization.asyncapi.yaml', async () => {
  const { ir, diagnostics } = await build(spec('dji-dock-organization.asyncapi.yaml'));

  it('has the three methods on requests / requests_reply, correlated by tid and bid', () => {
    expect(diagnostics).toEqual([]);
    expect(ir.kind).toBe('asyncapi');
    expect(ir.methods.map((m) => m.name)).toEqual(['airport_bind_status', 'airport_organization_bind', 'airport_organization_get']);
    for (const method of ir.methods) {
      expect(method.action).toBe('send');
      expect(method.request.channel).toMatchObject({ id: 'requests', address: 'thing/product/{gateway_sn}/requests' });
      expect(method.reply.channel).toMatchObject({ id: 'requests_reply', address: 'thing/product/{gateway_sn}/requests_reply' });
      expect(method.request.channel.parameters.map((p) => p.name)).toEqual(['gateway_sn']);
      expect(method.correlation).toEqual({ location: '$message.payload#/tid', fields: ['tid', 'bid'] });
      expect(method.qos).toEqual({ request: 1, reply: 2, subscribe: 1 });
      expect([method.timeoutMs, method.retries]).toEqual([3000, 2]);
      expect(method.request.examples.length).toBeGreaterThan(0);
      expect(method.reply.examples.length).toBeGreaterThan(0);
    }
  });

  it('has the known error codes', () => {
    expect(ir.errorCatalogue.map((e) => e.code)).toEqual([200001, 210230, 210231, 210232, 210233]);
    expect(ir.errorCatalogue.every((e) => e.status === undefined)).toBe(true);
  });

  it('points every schema ref and location into the document', () => {
    expectResolvable(ir);
  });
});
