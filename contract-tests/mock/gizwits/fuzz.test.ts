/**
 * Every operation of the mock called with requests drawn from the generated arbitraries, valid
 * and invalid: whatever they ask, the answers stay on-spec (the test client checks each one) and
 * the mock never fails internally. Valid requests are sent for the demo product with its
 * credentials, so they reach the domain rather than stop at the token check.
 */

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationArbitraries } from '../../../generated/gizwits-enterprise/arbitraries.js';
import { startGizwitsMock, type GizwitsMock } from './index.js';
import { TestClient, operations, type Call } from './test-client.js';

const SAMPLES_PER_OPERATION = 25;
const SEED = 20250115;

type Sample = { path: Record<string, string>; query: Record<string, unknown>; headers: Record<string, string>; body?: unknown };

function asCall(sample: Sample, productKey: string): Call {
  return {
    path: { ...sample.path, ...(sample.path.product_key !== undefined && { product_key: productKey }) },
    query: sample.query,
    headers: sample.headers,
    ...(sample.body !== undefined && { body: sample.body }),
  };
}

/**
 * The sample with its identifiers (did, mac, gid, product key, user and app) replaced by ones the
 * mock knows, picked by `n`, so the request gets past "not found" into the domain's rules.
 */
function withKnownIds(sample: Sample, mock: GizwitsMock, n: number): Sample {
  const { world } = mock.state;
  const product = world.products[0]!;
  const device = product.devices[n % product.devices.length]!;
  const gids = Object.keys(mock.state.groupTree(product.productKey));
  const user = world.users[n % world.users.length]!;
  const known: Record<string, unknown> = { did: device.did, mac: device.mac, gid: gids[n % gids.length], product_key: product.productKey, parent_gid: gids[0] };
  const swap = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, k in known ? known[k] : v]));
  const body = sample.body !== null && typeof sample.body === 'object' && !Array.isArray(sample.body) ? (sample.body as Record<string, unknown>) : undefined;
  return {
    ...sample,
    path: swap(sample.path) as Record<string, string>,
    query: swap(sample.query),
    ...(body && {
      body: {
        ...swap(body),
        ...('dids' in body && { dids: [device.did] }),
        ...('macs' in body && { macs: [device.mac] }),
        ...('uid' in body && { uid: user.uid, appid: user.appid }),
      },
    }),
  };
}

describe('the Gizwits mock under generated requests', () => {
  let mock: GizwitsMock;
  let client: TestClient;
  const failures: string[] = [];

  beforeAll(async () => {
    mock = await startGizwitsMock({ seed: 11, quotaPerHour: 1_000_000, validateResponses: false, logger: { error: (m: string) => failures.push(m) } });
    client = new TestClient(mock);
    await client.login();
  });
  afterAll(async () => {
    await mock.close();
  });

  for (const id of [...operations.keys()].sort()) {
    it(`${id}: valid requests get documented answers`, async () => {
      const arbitraries = operationArbitraries[id as keyof typeof operationArbitraries];
      const statuses = new Set<number>();
      const samples = fc.sample(arbitraries.valid, { numRuns: SAMPLES_PER_OPERATION, seed: SEED }) as Sample[];
      for (const [n, drawn] of samples.entries()) {
        // Every other request uses identifiers the mock knows.
        const sample = n % 2 === 0 ? withKnownIds(drawn, mock, n) : drawn;
        const answer = await client.call(id, asCall(sample, mock.credentials.product_key));
        // The request is valid, so the stub's request validation (details `query/limit: …`) must pass it.
        if (answer.status === 400) expect(String(answer.body.detail), JSON.stringify(sample)).not.toMatch(/^(path|query|headers|body)[/:]/);
        statuses.add(answer.status);
      }
      expect([...statuses].every((s) => s < 500)).toBe(true);
      expect(failures).toEqual([]);
    });

    // Operations whose requests have no constraint to break have no invalid arbitrary.
    const invalid = operationArbitraries[id as keyof typeof operationArbitraries].invalid;
    if (invalid === undefined) continue;
    it(`${id}: invalid requests are refused on-spec`, async () => {
      // Path violations (an empty product key…) are the router's to answer, before any operation.
      const samples = fc.sample(invalid, { numRuns: SAMPLES_PER_OPERATION, seed: SEED }).filter((s) => s.violation.location !== 'path');
      for (const sample of samples) {
        const answer = await client.call(id, asCall(sample as Sample, mock.credentials.product_key));
        expect(answer.status, `${sample.violation.description}: ${JSON.stringify(answer.body)}`).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      }
      expect(failures).toEqual([]);
    });
  }
});
