import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type fc from 'fast-check';
import { arbitrariesEmitter } from '../../generator/emit/arbitraries/index.js';
import { typesEmitter } from '../../generator/emit/types/index.js';
import { validatorsEmitter } from '../../generator/emit/validators/index.js';
import { generateSpec } from '../../generator/generate/generate.js';
import type { IrSpec } from '../../generator/ir/types.js';
import type { InvalidValue, MethodArbitraries, OperationArbitraries } from '../../generator/runtime/arbitraries.js';
import type { MethodValidators, OperationValidators, ValidationIssue, Validator } from '../../generator/runtime/validation.js';
import type { Violation } from '../../generator/runtime/samples.js';
import { repoRoot } from './fixtures.js';

/** What a generated arbitraries.ts exports, seen from a test. */
export interface ArbitrariesModule {
  operationArbitraries: Record<string, OperationArbitraries>;
  methodArbitraries: Record<string, MethodArbitraries<unknown>>;
  [export_: string]: unknown;
}

export interface ValidatorsModule {
  operationValidators: Record<string, OperationValidators>;
  methodValidators: Record<string, MethodValidators>;
  [export_: string]: unknown;
}

export interface Generated {
  files: Map<string, string>;
  arbitraries: ArbitrariesModule;
  validators: ValidatorsModule;
  /** `[typeName, arb<S>, validate<S>, invalid<S> | undefined]` for every named schema. */
  named(): { type: string; valid: fc.Arbitrary<unknown>; validate: Validator<unknown>; invalid?: fc.Arbitrary<InvalidValue> }[];
  cleanup(): Promise<void>;
}

/**
 * types.ts, the validators and the arbitraries of `ir` (with the runtime they import), written to
 * a temp folder inside the repo so npm packages resolve, and imported from there.
 */
export async function generateArbitraries(ir: IrSpec): Promise<Generated> {
  const { files } = await generateSpec(ir, [typesEmitter, validatorsEmitter, arbitrariesEmitter], relative(repoRoot, ir.file));
  const dir = await mkdtemp(join(repoRoot, '.specgen-tmp-arbitraries-'));
  try {
    for (const [path, text] of files) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const arbitraries = (await import(pathToFileURL(join(dir, 'arbitraries.ts')).href)) as ArbitrariesModule;
    const validators = (await import(pathToFileURL(join(dir, 'validators.ts')).href)) as ValidatorsModule;
    return {
      files,
      arbitraries,
      validators,
      named: () =>
        Object.keys(arbitraries)
          .filter((k) => k.startsWith('arb'))
          .sort()
          .map((k) => {
            const type = k.slice('arb'.length);
            const invalid = arbitraries[`invalid${type}`] as fc.Arbitrary<InvalidValue> | undefined;
            return {
              type,
              valid: arbitraries[k] as fc.Arbitrary<unknown>,
              validate: validators[`validate${type}`] as Validator<unknown>,
              ...(invalid ? { invalid } : {}),
            };
          }),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Query values as they arrive over HTTP: strings (arrays of strings for repeated keys). */
export function wireQuery(query: Record<string, unknown>): Record<string, unknown> {
  const wire = (v: unknown): unknown => (Array.isArray(v) ? v.map(wire) : typeof v === 'string' ? v : v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v));
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, wire(v)]));
}

/** Runs a validator on a copy (parameter validators coerce in place); its issues when it rejects. */
export function issuesOf(validator: Validator<unknown> | undefined, value: unknown): readonly ValidationIssue[] | undefined {
  if (!validator) return undefined;
  return validator(structuredClone(value)) ? [] : validator.issues;
}

/**
 * Why the issues do not match the violation exactly, or '' when they do: every issue is the named
 * keyword at the named pointer (one constraint broken), and one is reported at the named keyword.
 */
export function mismatch(issues: readonly ValidationIssue[] | undefined, violation: Omit<Violation, 'location'>): string {
  if (issues === undefined) return 'no validator for this location';
  if (issues.length === 0) return 'the validator accepts the value';
  const other = issues.filter((i) => i.keyword !== violation.keyword || i.path !== violation.pointer);
  if (other.length > 0) return `other issues: ${JSON.stringify(other)}`;
  if (!issues.some((i) => i.schemaPointer === violation.schemaPointer)) return `reported at ${issues.map((i) => i.schemaPointer).join(', ')}`;
  return '';
}
