import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { arbitrariesEmitter } from '../../generator/emit/arbitraries/index.js';
import type { Emitter } from '../../generator/emit/emitter.js';
import { restClientEmitter } from '../../generator/emit/rest-client/index.js';
import { restServerEmitter } from '../../generator/emit/rest-server/index.js';
import { typesEmitter } from '../../generator/emit/types/index.js';
import { validatorsEmitter } from '../../generator/emit/validators/index.js';
import { generateSpec } from '../../generator/generate/generate.js';
import { irOf, repoRoot } from './fixtures.js';

/** The REST emitters and the modules generated beside them. */
export const restEmitters: readonly Emitter[] = [typesEmitter, validatorsEmitter, arbitrariesEmitter, restClientEmitter, restServerEmitter];

export interface GeneratedFolder {
  dir: string;
  files: Map<string, string>;
  /** Imports a generated module by its path in the folder, e.g. `server.ts`. */
  load<M = Record<string, unknown>>(path: string): Promise<M>;
  remove(): Promise<void>;
}

/**
 * Generates a spec with `emitters` into a fresh folder inside the repository (so the generated
 * code resolves `ajv` and the other packages), ready to be imported by the test.
 */
export async function generateInto(specFile: string, emitters: readonly Emitter[] = restEmitters): Promise<GeneratedFolder> {
  const ir = await irOf(specFile);
  const { files } = await generateSpec(ir, emitters, specFile);
  const dir = await mkdtemp(join(repoRoot, '.specgen-tmp-rest-'));
  for (const [path, text] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return {
    dir,
    files,
    load: (path) => import(join(dir, path)),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The files of a generated folder as `typecheckFiles` takes them, plus extra files. */
export function withFiles(files: Map<string, string>, extra: Record<string, string>): Record<string, string> {
  return { ...Object.fromEntries(files), ...extra };
}
