import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printFile } from '../../generator/emit/print.js';
import { specNames } from '../../generator/emit/shared/spec-names.js';
import { validatorsEmitter } from '../../generator/emit/validators/index.js';
import type { IrSpec } from '../../generator/ir/types.js';
import { getAt } from '../../generator/load/pointer.js';
import type { Validator } from '../../generator/runtime/validation.js';
import { typecheckFiles } from '../helpers/typecheck.js';
import { fixtureDir, irOf, specDir, specFiles } from './fixtures.js';
import { generatedFiles, generateValidators, typeScriptFiles, type GeneratedValidators } from './validators-harness.js';

/** A value the spec itself says is valid, and the generated validator that must accept it. */
interface Example {
  where: string;
  value: unknown;
  validator: Validator;
}

/**
 * Every example of the spec with the validator of its schema: body and response examples of the
 * validated content type, message examples, and `example`/`examples` of named schemas.
 */
function examplesOf(ir: IrSpec, generated: GeneratedValidators): Example[] {
  const { operationValidators, methodValidators } = generated.module;
  const names = specNames(ir);
  const examples: Example[] = [];
  for (const op of ir.operations) {
    const validators = operationValidators[op.id]!;
    const body = validators.body;
    for (const media of op.requestBody?.contents ?? []) {
      if (body && media.schema?.pointer === body.schemaPointer) {
        for (const e of media.examples) examples.push({ where: e.location.pointer, value: e.value, validator: body });
      }
    }
    for (const response of op.responses) {
      const validator = validators.responses[response.status]?.body;
      for (const media of response.contents) {
        if (validator && media.schema?.pointer === validator.schemaPointer) {
          for (const e of media.examples) examples.push({ where: e.location.pointer, value: e.value, validator });
        }
      }
    }
  }
  for (const method of ir.methods) {
    const { request, reply } = methodValidators[method.name]!;
    for (const e of method.request.examples) examples.push({ where: e.location.pointer, value: e.value, validator: request });
    for (const e of method.reply.examples) examples.push({ where: e.location.pointer, value: e.value, validator: reply });
  }
  for (const named of ir.schemas) {
    const schema = getAt(ir.document, named.schema.pointer) as Record<string, unknown> | boolean;
    if (typeof schema !== 'object') continue;
    const validator = generated.named(names.schemaType(named.name));
    const values = [...(Array.isArray(schema.examples) ? schema.examples : []), ...('example' in schema ? [schema.example] : [])];
    for (const value of values) examples.push({ where: named.schema.pointer, value, validator });
  }
  return examples;
}

const specs = await specFiles(specDir);

describe.each(specs.map((file) => [basename(file), file]))('validators of %s', (_name, file) => {
  let ir: IrSpec;
  let generated: GeneratedValidators;
  beforeAll(async () => {
    ir = await irOf(file);
    generated = await generateValidators(ir);
  });
  afterAll(() => generated?.cleanup());

  it('accept every example of the spec', () => {
    const examples = examplesOf(ir, generated);
    expect(examples.length).toBeGreaterThan(0);
    const rejected = examples.flatMap((e) => (e.validator(structuredClone(e.value)) ? [] : [`${e.where}: ${JSON.stringify(e.validator.issues)}`]));
    expect(rejected).toEqual([]);
  });

  it('have a validator for every named schema, operation and method', () => {
    const names = specNames(ir);
    for (const s of ir.schemas) expect(typeof generated.module[`validate${names.schemaType(s.name)}`]).toBe('function');
    expect(Object.keys(generated.module.operationValidators).sort()).toEqual(ir.operations.map((o) => o.id).sort());
    expect(Object.keys(generated.module.methodValidators).sort()).toEqual(ir.methods.map((m) => m.name).sort());
    for (const op of ir.operations) {
      const validators = generated.module.operationValidators[op.id]!;
      expect(Object.keys(validators.responses)).toEqual(op.responses.map((r) => r.status));
      expect(validators.path !== undefined).toBe(op.parameters.some((p) => p.in === 'path'));
      expect(validators.body !== undefined).toBe((op.requestBody?.contents ?? []).some((m) => m.schema !== undefined));
    }
  });

  it('reject a message or body with a missing required field at a pointer into the spec', () => {
    const examples = examplesOf(ir, generated).filter((e) => e.value !== null && typeof e.value === 'object' && !Array.isArray(e.value));
    let checked = 0;
    for (const e of examples) {
      const [first] = Object.keys(e.value as object);
      const value = { ...(e.value as Record<string, unknown>) };
      if (first === undefined) continue;
      delete value[first];
      if (e.validator(value)) continue; // the field was optional
      checked++;
      for (const issue of e.validator.issues) expect(getAt(ir.document, issue.schemaPointer), `${e.where} ${issue.schemaPointer}`).not.toBeUndefined();
    }
    expect(checked).toBeGreaterThan(0);
  });
});

const allSpecs = [...specs, ...(await specFiles(fixtureDir)), ...(await specFiles(join(fixtureDir, 'validators')))];

describe('generated validator code', () => {
  const all = allSpecs;

  it('is the same bytes when generated twice, with no eval and no new Function', async () => {
    for (const file of all) {
      const ir = await irOf(file);
      const first = validatorsEmitter.emit(ir).map(printFile);
      const second = validatorsEmitter.emit(await irOf(file)).map(printFile);
      expect(second, file).toEqual(first);
      for (const text of first) expect(text, file).not.toMatch(/new Function|\beval\(/);
    }
  });

  it('type-checks under strict tsc for every spec and fixture', async () => {
    const files: Record<string, string> = {};
    for (const file of all) {
      const generated = await generatedFiles(await irOf(file));
      for (const [path, text] of Object.entries(typeScriptFiles(generated))) files[`${basename(file).replace(/\./g, '_')}/${path}`] = text;
    }
    expect(await typecheckFiles(files)).toBe('');
  });
});
