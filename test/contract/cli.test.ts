/** `specgen contract` as a command: flags, exit codes, output, reports, secrets kept out of all of them. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../generator/cli/main.js';
import type { Io } from '../../generator/cli/verb.js';
import { checks } from '../../contract-tests/checks/registry.js';
import type { RunReport } from '../../contract-tests/report/model.js';
import { startEmbeddedRest, type EmbeddedRest } from '../../contract-tests/targets/embedded.js';
import { startProxy, type FaultyProxy } from './harness.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

async function contract(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (line) => out.push(line), err: (line) => err.push(line), cwd: repo };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const code = await main(['contract', ...args], io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('specgen contract: usage', () => {
  it('lists the checks', async () => {
    const { code, out } = await contract(['--list-checks']);
    expect(code).toBe(0);
    for (const check of checks) expect(out).toContain(check.id);
  });

  it.each([
    [['--checks', 'not_a_check'], /unknown check\(s\) not_a_check; known: not_a_server_error/],
    [['--max-examples', '0'], /--max-examples must be an integer ≥ 1/],
    [['--report', 'xml=out.xml'], /--report takes junit=PATH or json=PATH/],
    [['--rate-limit', 'fast'], /--rate-limit takes N, N\/s/],
    [['--base-url', 'ftp://x'], /--base-url must use http: or https:/],
    [['--param', 'novalue'], /--param takes NAME=VALUE/],
    [['--mqtt-url', 'mqtt://127.0.0.1:1'], /--gateway-sn is needed with --mqtt-url/],
  ])('refuses %j with exit 2', async (args, message) => {
    const { code, err } = await contract(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('exits 2 with a clear message when the target is unreachable', async () => {
    const { code, err } = await contract(['--base-url', 'http://127.0.0.1:9', '--no-mqtt']);
    expect(code).toBe(2);
    expect(err).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9/);
  });
});

describe('specgen contract: a run against a live REST target', () => {
  let target: EmbeddedRest;
  /** The same target answering 30 ms late, so a 5 ms limit fails on any machine. */
  let slow: FaultyProxy;
  let dir: string;
  beforeAll(async () => {
    target = await startEmbeddedRest(4);
    slow = await startProxy(target.url);
    slow.fault = { delayMs: 30 };
    dir = mkdtempSync(join(repo, '.specgen-tmp-contract-'));
  }, 30_000);
  afterAll(async () => {
    await slow?.close();
    await target?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const env = () => ({
    GIZWITS_ENTERPRISE_ID: target.credentials.enterprise_id as string,
    GIZWITS_ENTERPRISE_SECRET: target.credentials.enterprise_secret as string,
    GIZWITS_PRODUCT_KEY: target.credentials.product_key as string,
    GIZWITS_PRODUCT_SECRET: target.credentials.product_secret as string,
  });

  it('passes, prints progress, the seed and the table, and writes both reports', async () => {
    const junit = join(dir, 'ok.xml');
    const json = join(dir, 'ok.json');
    const args = ['--base-url', target.url, '--seed', '8', '--max-examples', '5', '--operations', 'get_v1_products_product_key_summary', '--no-stateful', '--report', `junit=${junit}`, '--report', `json=${json}`];
    const { code, out, err } = await contract(args, env());
    expect(code).toBe(0);
    expect(err).toContain('seed 8 (repeat this run with --seed 8)');
    expect(err).toMatch(/\[1\/1\] get_v1_products_product_key_summary 5\+0 examples ✓/);
    expect(out).toMatch(/^get_v1_products_product_key_summary\s+5\s+5/m);
    expect(out).toMatch(/^PASSED: 1 of 1 target\(s\) clean/m);
    const report = JSON.parse(readFileSync(json, 'utf8')) as RunReport;
    expect(report).toMatchObject({ tool: 'specgen contract', seed: 8, ok: true, target: { embedded: false } });
    expect(report.targets[0]).toMatchObject({ kind: 'rest', id: 'get_v1_products_product_key_summary', samples: { valid: 5 } });
    expect(report.checks.map((c) => c.id)).toEqual(checks.map((c) => c.id));
    expect(readFileSync(junit, 'utf8')).toMatch(/<testcase classname="rest.get_v1_products_product_key_summary" name="not_a_server_error"/);
  }, 60_000);

  it('fails with exit 1, shows each failure with its replay, and never prints a secret', async () => {
    const json = join(dir, 'failed.json');
    const args = ['--base-url', slow.url, '--seed', '8', '--max-examples', '5', '--operations', 'post_v1_products_product_key_access_token', '--no-stateful', '--max-response-time', '5', '--report', `json=${json}`];
    const { code, out, err } = await contract(args, env());
    expect(code).toBe(1);
    expect(out).toMatch(/^✗ max_response_time — rest post_v1_products_product_key_access_token/m);
    expect(out).toContain('replay: specgen contract --seed 8 --base-url');
    expect(out).toMatch(/curl -sS -i -X POST .*\/v1\/products\/\$\{GIZWITS_PRODUCT_KEY\}\/access_token"/);
    const everything = out + err + readFileSync(json, 'utf8');
    for (const name of ['enterprise_secret', 'product_secret', 'product_key', 'enterprise_id'] as const) {
      expect(everything).not.toContain(target.credentials[name] as string);
    }
    expect(everything).toContain('${GIZWITS_ENTERPRISE_SECRET}');
  }, 60_000);
});
