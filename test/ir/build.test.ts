import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIr, loadIr } from '../../generator/ir/build.js';
import { SpecError } from '../../generator/load/diagnostic.js';
import { loadedFromFile, loadedFromText } from './loaded.js';
import { valueAt } from './positions.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

describe('buildIr', () => {
  it('dispatches on the spec kind', async () => {
    const openapi = buildIr(await loadedFromFile(here('../fixtures/ir/petstore-3.0.openapi.yaml')));
    expect([openapi.kind, openapi.operations.length, openapi.methods.length]).toEqual(['openapi', 8, 0]);
    const asyncapi = buildIr(await loadedFromFile(here('../fixtures/ir/jobs.asyncapi.yaml')));
    expect([asyncapi.kind, asyncapi.operations.length, asyncapi.methods.length]).toEqual(['asyncapi', 0, 3]);
  });

  it('refuses spec versions it does not understand, pointing at the version', () => {
    const text = 'asyncapi: 2.6.0\ninfo:\n  title: old\n  version: 1.0.0\nchannels: {}\n';
    const loaded = loadedFromText('old.asyncapi.yaml', text);
    expect(() => buildIr(loaded)).toThrow(SpecError);
    try {
      buildIr(loaded);
    } catch (error) {
      expect((error as SpecError).diagnostics).toEqual([
        {
          file: 'old.asyncapi.yaml',
          ...valueAt(text, ['asyncapi:']),
          severity: 'error',
          code: 'ir-unsupported-version',
          message: expect.stringContaining('asyncapi 2.6.0'),
          pointer: '/asyncapi',
        },
      ]);
    }
  });
});

describe('loadIr', () => {
  const made: string[] = [];
  afterAll(async () => {
    for (const dir of made) await rm(dir, { recursive: true, force: true });
  });

  it('loads, lints and builds both real specs without errors', async () => {
    for (const [file, kind] of [
      ['../../specs/gizwits-enterprise.openapi.yaml', 'openapi'],
      ['../../specs/dji-dock-organization.asyncapi.yaml', 'asyncapi'],
    ] as const) {
      const { ir, diagnostics } = await loadIr(here(file));
      expect(diagnostics.filter((d) => d.severity === 'error'), file).toEqual([]);
      expect(ir?.kind).toBe(kind);
    }
  });

  it('gives diagnostics and no IR for a spec that does not parse', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ir-'));
    made.push(dir);
    const file = join(dir, 'broken.openapi.yaml');
    const text = (await readFile(here('../fixtures/ir/types-3.1.openapi.yaml'), 'utf8')).replace('paths:', 'paths: [');
    await writeFile(file, text);
    const { ir, diagnostics } = await loadIr(file);
    expect(ir).toBeUndefined();
    expect(diagnostics.some((d) => d.severity === 'error' && d.file === file)).toBe(true);
  });
});
