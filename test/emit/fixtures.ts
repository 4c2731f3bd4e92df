import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { formatDiagnostic } from '../../generator/load/diagnostic.js';
import { loadIr } from '../../generator/ir/build.js';
import type { IrSpec } from '../../generator/ir/types.js';

export const repoRoot = resolve(import.meta.dirname, '../..');

/** Small specs every emitter is run over for golden files (`test/fixtures/emit/*.{openapi,asyncapi}.yaml`). */
export const fixtureDir = join(repoRoot, 'test/fixtures/emit');

/** The real specs of the project, `specs/*.{openapi,asyncapi}.yaml`. */
export const specDir = join(repoRoot, 'specs');

/** Spec files in `dir`, sorted. */
export async function specFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names
    .filter((n) => /\.(openapi|asyncapi)\.ya?ml$/.test(n))
    .sort()
    .map((n) => join(dir, n));
}

/** The IR of a spec file, loaded, linted and built as `specgen generate` does; throws on errors. */
export async function irOf(file: string): Promise<IrSpec> {
  const { ir, diagnostics } = await loadIr(file);
  if (!ir) throw new Error(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'));
  return ir;
}
