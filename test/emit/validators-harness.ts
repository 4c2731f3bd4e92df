import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { typesEmitter } from '../../generator/emit/types/index.js';
import { validatorsEmitter } from '../../generator/emit/validators/index.js';
import { generateSpec } from '../../generator/generate/generate.js';
import type { IrSpec } from '../../generator/ir/types.js';
import type { MethodValidators, OperationValidators, Validator } from '../../generator/runtime/validation.js';
import { repoRoot } from './fixtures.js';

/** What a generated validators.ts exports, seen from a test. */
export interface ValidatorsModule {
  operationValidators: Record<string, OperationValidators>;
  methodValidators: Record<string, MethodValidators>;
  [validateSchema: string]: unknown;
}

export interface GeneratedValidators {
  /** Path (relative to the generated folder) → text, as `specgen generate` would write it. */
  files: Map<string, string>;
  module: ValidatorsModule;
  /** The named schema validator `validate<S>`. */
  named(typeName: string): Validator;
  cleanup(): Promise<void>;
}

/**
 * Generates types.ts and the validators (with the runtime they import) for `ir` into a temp
 * folder inside the repo, so `ajv` and `ajv-formats` resolve from node_modules, and imports
 * validators.ts from there.
 */
export async function generateValidators(ir: IrSpec): Promise<GeneratedValidators> {
  const files = await generatedFiles(ir);
  const dir = await mkdtemp(join(repoRoot, '.specgen-tmp-validators-'));
  try {
    for (const [path, text] of files) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const module = (await import(pathToFileURL(join(dir, 'validators.ts')).href)) as ValidatorsModule;
    return {
      files,
      module,
      named(typeName) {
        const validator = module[`validate${typeName}`];
        if (typeof validator !== 'function') throw new Error(`validators.ts has no validate${typeName}`);
        return validator as Validator;
      },
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** types.ts, the validators and the runtime they import, as `specgen generate` would write them. */
export async function generatedFiles(ir: IrSpec): Promise<Map<string, string>> {
  return (await generateSpec(ir, [typesEmitter, validatorsEmitter], relative(repoRoot, ir.file))).files;
}

/** The generated files that tsc sees: TypeScript sources and declarations. */
export function typeScriptFiles(files: Map<string, string>): Record<string, string> {
  return Object.fromEntries([...files].filter(([path]) => path.endsWith('.ts')));
}
