import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IrOperation, IrSpec } from '../../generator/ir/types.js';
import type { InvalidSample } from '../../generator/runtime/samples.js';
import type { Validator } from '../../generator/runtime/validation.js';
import { irOf, specDir } from './fixtures.js';
import { generateInto, type GeneratedFolder } from './rest-helpers.js';

const gizwitsSpec = join(specDir, 'gizwits-enterprise.openapi.yaml');
const RUNS_PER_OPERATION = 20;

/** The request line and headers an HTTP client sends for a sample. */
function toRequest(op: IrOperation, sample: InvalidSample, base: URL): { url: URL; init: RequestInit } {
  const path = op.path.replace(/\{([^{}]+)\}/g, (_, name: string) => encodeURIComponent(Object.hasOwn(sample.path, name) ? sample.path[name]! : ''));
  const url = new URL(path.replace(/^\//, ''), base);
  for (const [name, value] of Object.entries(sample.query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      url.searchParams.append(name, typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item));
    }
  }
  const headers: Record<string, string> = { ...sample.headers, authorization: 'token t', 'x-gizwits-enterprise-id': 'e', 'x-gizwits-enterprise-secret': 's' };
  const body = sample.body === undefined ? undefined : JSON.stringify(sample.body);
  if (body !== undefined) headers['content-type'] = sample.contentType ?? 'application/json';
  return { url, init: { method: op.method.toUpperCase(), headers, ...(body === undefined ? {} : { body }) } };
}

describe('generated server stub against invalid requests', () => {
  let folder: GeneratedFolder;
  let ir: IrSpec;
  let server: { listen(): Promise<URL>; close(): Promise<void> };
  let base: URL;
  let operationArbitraries: Record<string, { invalid?: fc.Arbitrary<InvalidSample> }>;
  let errorBody: Validator;
  const handled: string[] = [];

  beforeAll(async () => {
    [folder, ir] = await Promise.all([generateInto(gizwitsSpec), irOf(gizwitsSpec)]);
    ({ operationArbitraries } = await folder.load<{ operationArbitraries: typeof operationArbitraries }>('arbitraries.ts'));
    const { operationValidators } = await folder.load<{ operationValidators: Record<string, { responses: Record<string, { body: Validator }> }> }>('validators.ts');
    errorBody = operationValidators.get_v1_products_product_key_datapoint!.responses['400']!.body;
    const { createGizwitsEnterpriseServer } = await folder.load<{ createGizwitsEnterpriseServer: (h: object, o: object) => typeof server }>('server.ts');
    // Every handler records that it was reached: an invalid request must never get that far.
    const handlers = new Proxy({}, { get: (_, member) => () => (handled.push(String(member)), { status: 500 }) });
    server = createGizwitsEnterpriseServer(handlers, { logger: { error: () => undefined } });
    base = await server.listen();
  });
  afterAll(async () => {
    await server?.close();
    await folder?.remove();
  });

  it('answers every invalid request with a 4xx in the spec\'s error format, naming where it is off-spec', async () => {
    const roles = ir.document['x-error-roles'] as Record<string, number>;
    let checked = 0;
    for (const op of ir.operations) {
      const invalid = operationArbitraries[op.id]?.invalid;
      if (!invalid) continue;
      await fc.assert(
        fc.asyncProperty(invalid, async (sample) => {
          const { url, init } = toRequest(op, sample, base);
          const response = await fetch(url, init);
          const body = (await response.json()) as { error_code: number; detail: string };
          const context = `${op.id}: ${sample.violation.description}, answered ${response.status} ${JSON.stringify(body)}`;
          expect(response.status, context).toBeGreaterThanOrEqual(400);
          expect(response.status, context).toBeLessThan(500);
          expect(errorBody(body), context).toBe(true);
          expect([roles.formInvalid, roles.bodyInvalid], context).toContain(body.error_code);
          const location = sample.violation.location === 'header' ? 'headers' : sample.violation.location;
          if (location === 'body') expect(body.error_code, context).toBe(roles.formInvalid);
          if (body.error_code === roles.formInvalid) expect(body.detail.startsWith(location), context).toBe(true);
          checked++;
        }),
        { numRuns: RUNS_PER_OPERATION },
      );
    }
    expect(handled).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(RUNS_PER_OPERATION * 20);
  }, 120_000);
});
