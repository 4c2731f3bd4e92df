import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Emitter } from '../../../generator/emit/emitter.js';
import { mqttClientEmitter } from '../../../generator/emit/mqtt-client/index.js';
import { mqttHandlersEmitter } from '../../../generator/emit/mqtt-handlers/index.js';
import { typesEmitter } from '../../../generator/emit/types/index.js';
import { validatorsEmitter } from '../../../generator/emit/validators/index.js';
import { generateSpec } from '../../../generator/generate/generate.js';
import { irOf, repoRoot } from '../../emit/fixtures.js';

/** The public API of the generated DJI modules (the committed copy gives the types). */
export type DjiModules = typeof import('../../../generated/dji-dock-organization/index.js');
export type DjiErrors = typeof import('../../../generated/dji-dock-organization/runtime/mqtt-errors.js');

export const DJI_SPEC = 'specs/dji-dock-organization.asyncapi.yaml';

/** Generating and compiling (ajv standalone) takes seconds, far more on a loaded machine. */
export const GENERATION_TIMEOUT_MS = 120_000;

export interface Generated<M> {
  dir: string;
  modules: M;
  errors: DjiErrors;
  remove(): Promise<void>;
}

export type GeneratedDji = Generated<DjiModules>;

/**
 * Generates the DJI spec's modules freshly (so the tests exercise the emitters, not a committed
 * copy) into a temp folder inside the repo, where `mqtt` and the other packages resolve, and
 * imports them.
 */
export async function generateDji(extra: readonly Emitter[] = []): Promise<GeneratedDji> {
  return generateModules<DjiModules>(DJI_SPEC, extra);
}

/** Any spec's modules, generated and imported as `generateDji` does; `M` is what the caller expects. */
export async function generateModules<M>(specFile: string, extra: readonly Emitter[] = []): Promise<Generated<M>> {
  const ir = await irOf(join(repoRoot, specFile));
  const emitters = [typesEmitter, validatorsEmitter, ...extra, mqttClientEmitter, mqttHandlersEmitter];
  const generated = await generateSpec(ir, emitters, specFile);
  const dir = await mkdtemp(join(repoRoot, '.specgen-tmp-mqtt-'));
  try {
    for (const [path, text] of generated.files) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const load = async <T>(path: string) => (await import(pathToFileURL(join(dir, path)).href)) as T;
    return {
      dir,
      modules: await load<M>('index.ts'),
      errors: await load<DjiErrors>('runtime/mqtt-errors.ts'),
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
