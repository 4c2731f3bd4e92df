import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { IrSpec } from '../../generator/ir/types.js';
import { isPathSafe } from '../../generator/runtime/arbitraries.js';
import type { RequestSample } from '../../generator/runtime/samples.js';
import { fixtureDir, irOf, specDir, specFiles } from './fixtures.js';
import { generateArbitraries, issuesOf, mismatch, wireQuery, type Generated } from './arbitraries-harness.js';

/** One seed for every property: fast-check prints it with any counterexample; override to explore. */
const seed = Number(process.env.SPECGEN_ARBITRARIES_SEED ?? 20_240_611);
const run = { seed, numRuns: 100 };
console.log(`arbitraries properties: seed ${seed}`);

/**
 * Named schemas whose validators recurse forever (JSON Schema forbids `$ref` cycles that consume
 * nothing): LoopA = allOf [LoopB, object] and LoopB = oneOf [LoopA, number].
 */
const UNVALIDATABLE: Record<string, string[]> = { 'hostile.openapi.yaml': ['LoopA', 'LoopB'] };

function satisfiable(arbitrary: fc.Arbitrary<unknown>): boolean {
  try {
    fc.sample(arbitrary, { seed, numRuns: 1 });
    return true;
  } catch (error) {
    if (String(error).includes('no value satisfies the schema')) return false;
    throw error;
  }
}

const files = [
  ...(await specFiles(fixtureDir)),
  ...(await specFiles(join(fixtureDir, 'arbitraries'))),
  ...(await specFiles(specDir)),
];

describe.each(files.map((f) => [f.slice(f.lastIndexOf('/') + 1), f]))('%s', (_name, file) => {
  let ir: IrSpec;
  let generated: Generated;
  beforeAll(async () => {
    ir = await irOf(file);
    generated = await generateArbitraries(ir);
  }, 60_000);
  afterAll(() => generated?.cleanup());

  it('generates values every named schema validator accepts', () => {
    expect(generated.named().length).toBe(ir.schemas.length);
    const impossible: string[] = [];
    for (const { type, valid, validate } of generated.named()) {
      if (UNVALIDATABLE[_name]?.includes(type)) continue;
      if (!satisfiable(valid)) {
        impossible.push(type);
        continue;
      }
      fc.assert(
        fc.property(valid, (v) => {
          if (validate(structuredClone(v))) return true;
          throw new Error(`${type}: ${JSON.stringify(v)} fails: ${JSON.stringify(validate.issues)}`);
        }),
        run,
      );
    }
    expect(impossible).toEqual([]);
  });

  it('breaks named schemas one constraint at a time, as the validators report it', () => {
    for (const { type, validate, invalid } of generated.named()) {
      if (!invalid || UNVALIDATABLE[_name]?.includes(type)) continue;
      fc.assert(
        fc.property(invalid, ({ value, violation }) => {
          const problem = mismatch(issuesOf(validate, value), violation);
          if (problem === '') return true;
          throw new Error(`${type}: ${JSON.stringify(value)} should break ${JSON.stringify(violation)}: ${problem}`);
        }),
        run,
      );
    }
  });

  it('generates requests every operation validator accepts', () => {
    for (const operation of ir.operations) {
      const validators = generated.validators.operationValidators[operation.id];
      const arbitraries = generated.arbitraries.operationArbitraries[operation.id];
      expect(validators && arbitraries, operation.id).toBeTruthy();
      fc.assert(
        fc.property(arbitraries!.valid, (sample) => {
          const problems = requestProblems(sample, validators!, operation.requestBody?.required ?? false);
          if (problems.length === 0) return true;
          throw new Error(`${operation.id}: ${JSON.stringify(sample)}: ${problems.join('; ')}`);
        }),
        run,
      );
    }
  });

  it('breaks requests in one place, as the validators report it', () => {
    for (const operation of ir.operations) {
      const validators = generated.validators.operationValidators[operation.id]!;
      const invalid = generated.arbitraries.operationArbitraries[operation.id]!.invalid;
      if (!invalid) continue;
      fc.assert(
        fc.property(invalid, (sample) => {
          const { violation } = sample;
          const location = violation.location;
          const validator = { path: validators.path, query: validators.query, header: validators.headers, body: validators.body, message: undefined }[location];
          const value = location === 'query' ? wireQuery(sample.query) : location === 'header' ? sample.headers : location === 'path' ? sample.path : sample.body;
          const problem = mismatch(issuesOf(validator, value), violation);
          const others = requestProblems(sample, validators, false).filter((p) => !p.startsWith(location === 'header' ? 'headers' : location));
          if (problem === '' && others.length === 0 && violation.description.startsWith(`${location} `)) return true;
          throw new Error(`${operation.id}: ${JSON.stringify(sample)}: ${problem} ${others.join('; ')}`);
        }),
        run,
      );
    }
  });

  it('generates request envelopes every method validator accepts, and breaks them in one place', () => {
    for (const method of ir.methods) {
      const validators = generated.validators.methodValidators[method.name]!;
      const arbitraries = generated.arbitraries.methodArbitraries[method.name]!;
      fc.assert(
        fc.property(arbitraries.valid, (m) => {
          if (validators.request(structuredClone(m))) return true;
          throw new Error(`${method.name}: ${JSON.stringify(m)}: ${JSON.stringify(validators.request.issues)}`);
        }),
        run,
      );
      if (!arbitraries.invalid) continue;
      fc.assert(
        fc.property(arbitraries.invalid, ({ message, violation }) => {
          const problem = mismatch(issuesOf(validators.request, message), violation);
          if (problem === '' && violation.location === 'message') return true;
          throw new Error(`${method.name}: ${JSON.stringify(message)} should break ${JSON.stringify(violation)}: ${problem}`);
        }),
        run,
      );
    }
  });
});

/** What the operation's validators reject in a request, one line per location. */
function requestProblems(sample: RequestSample, validators: NonNullable<Generated['validators']['operationValidators'][string]>, bodyRequired: boolean): string[] {
  const problems: string[] = [];
  const check = (name: string, validator: (typeof validators)['path'], value: Record<string, unknown>): void => {
    if (!validator) {
      if (Object.keys(value).length > 0) problems.push(`${name}: values without parameters`);
      return;
    }
    const issues = issuesOf(validator, value);
    if (issues && issues.length > 0) problems.push(`${name}: ${JSON.stringify(issues)}`);
  };
  check('path', validators.path, sample.path);
  check('query', validators.query, wireQuery(sample.query));
  check('headers', validators.headers, sample.headers);
  const nonStrings = [...Object.values(sample.path), ...Object.values(sample.headers)].filter((v) => typeof v !== 'string');
  if (nonStrings.length > 0) problems.push(`path/headers: values that are not strings: ${JSON.stringify(nonStrings)}`);
  const unsafe = Object.values(sample.path).filter((v) => typeof v === 'string' && !isPathSafe(v));
  if (unsafe.length > 0) problems.push(`path: values that are not URL-safe: ${JSON.stringify(unsafe)}`);
  if (sample.body === undefined) {
    if (bodyRequired) problems.push('body: missing');
  } else {
    const issues = issuesOf(validators.body, sample.body);
    if (issues && issues.length > 0) problems.push(`body: ${JSON.stringify(issues)}`);
    if (!sample.contentType) problems.push('body: no content type');
  }
  return problems;
}
