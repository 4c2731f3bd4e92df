import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { forgetStandaloneModules, standaloneModule, standaloneStats, type CompileTarget } from '../../generator/emit/validators/compile.js';
import { refTo } from '../../generator/emit/validators/fragment.js';
import { guard, type CompiledValidate } from '../../generator/runtime/validation.js';
import { repoRoot } from './fixtures.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Compiles `targets` against `document` and imports the standalone module. */
async function load(document: Record<string, unknown>, targets: CompileTarget[], coerce = false): Promise<{ code: string; exports: Record<string, CompiledValidate> }> {
  const code = standaloneModule(document, targets, { coerce });
  const dir = await mkdtemp(join(repoRoot, '.specgen-tmp-validators-'));
  dirs.push(dir);
  await writeFile(join(dir, 'validators.standalone.js'), code);
  return { code, exports: (await import(pathToFileURL(join(dir, 'validators.standalone.js')).href)) as Record<string, CompiledValidate> };
}

describe('standaloneModule', () => {
  it('does not modify the document it is given', async () => {
    const document = { components: { schemas: { A: { $ref: '#/components/schemas/B' }, B: { type: 'string' } } } };
    const before = JSON.stringify(document);
    await load(document, [{ exportName: 'v0', pointer: '/components/schemas/A' }]);
    expect(JSON.stringify(document)).toBe(before);
  });

  it('drops the $ref that closes a loop of bare references instead of recursing forever', async () => {
    const document = {
      components: {
        schemas: {
          Self: { $ref: '#/components/schemas/Self' },
          A: { $ref: '#/components/schemas/B', description: 'annotations do not make a reference less bare' },
          B: { $ref: '#/components/schemas/A' },
          Uses: { type: 'object', properties: { x: { $ref: '#/components/schemas/Self' }, y: { $ref: '#/components/schemas/A' } } },
        },
      },
    };
    const { exports } = await load(document, [
      { exportName: 'v0', pointer: '/components/schemas/Self' },
      { exportName: 'v1', pointer: '/components/schemas/A' },
      { exportName: 'v2', pointer: '/components/schemas/Uses' },
    ]);
    expect(exports.v0!({ anything: 1 })).toBe(true);
    expect(exports.v1!(5)).toBe(true);
    expect(exports.v2!({ x: 1, y: 'z' })).toBe(true);
    expect(exports.v2!(1)).toBe(false);
  });

  it('gives targets that share a function one function and aliases', async () => {
    const document = { components: { schemas: { A: { $ref: '#/components/schemas/B' }, B: { type: 'object', required: ['b'] } } } };
    const { code, exports } = await load(document, [
      { exportName: 'v0', pointer: '/components/schemas/A' },
      { exportName: 'v1', pointer: '/components/schemas/B' },
    ]);
    expect(exports.v0).toBe(exports.v1);
    expect(code.match(/function validate\d+\(/g)).toHaveLength(1);
  });

  it('reports errors of a built schema at the pointers it names, or at the validator', async () => {
    const document = { parameters: [{ name: 'n', required: true, schema: { type: 'integer' } }] };
    const target: CompileTarget = {
      exportName: 'p0',
      schema: { type: 'object', properties: { n: { $ref: refTo('/parameters/0/schema') } }, allOf: [{ required: ['n'] }] },
      ownErrors: { '/type': null, '/allOf/0/required': '/parameters/0/required' },
    };
    const { exports } = await load(document, [target], true);
    const validate = guard(exports.p0!, '/operation');
    const value: Record<string, unknown> = { n: '12' };
    expect(validate(value)).toBe(true);
    expect(value.n).toBe(12);
    expect(validate({})).toBe(false);
    expect(validate.issues.map((i) => i.schemaPointer)).toEqual(['/parameters/0/required']);
    expect(validate([])).toBe(false);
    expect(validate.issues.map((i) => i.schemaPointer)).toEqual(['/operation']);
    expect(validate({ n: 'x' })).toBe(false);
    expect(validate.issues.map((i) => i.schemaPointer)).toEqual(['/parameters/0/schema/type']);
  });

  it('refuses a built schema whose own errors it cannot place', () => {
    const target: CompileTarget = { exportName: 'p0', schema: { type: 'object', minProperties: 1 }, ownErrors: { '/type': null } };
    expect(() => standaloneModule({}, [target], { coerce: true })).toThrow(/unexpected error at #\/minProperties/);
  });

  it('gives ajv runtime helpers a require in the ES module', async () => {
    const document = { s: { type: 'array', uniqueItems: true }, t: { type: 'string', format: 'date-time' } };
    const { code, exports } = await load(document, [
      { exportName: 'v0', pointer: '/s' },
      { exportName: 'v1', pointer: '/t' },
    ]);
    expect(code).toMatch(/^import \{ createRequire \} from 'node:module';/);
    expect(exports.v0!([1, 1])).toBe(false);
    expect(exports.v1!('2024-01-01T00:00:00Z')).toBe(true);
    expect(exports.v1!('yesterday')).toBe(false);
  });
});

describe('standaloneModule between versions of a spec', () => {
  const version = () => ({
    info: { title: 'T', description: 'one' },
    components: {
      schemas: {
        A: { type: 'object', properties: { b: { $ref: '#/components/schemas/B' } } },
        B: { type: 'string', maxLength: 3 },
        C: { type: 'integer' },
      },
    },
  });
  const targets: CompileTarget[] = [{ exportName: 'vA', pointer: '/components/schemas/A' }];
  const compile = (document: Record<string, unknown>) => {
    const before = standaloneStats();
    const code = standaloneModule(document, targets, { coerce: false });
    const after = standaloneStats();
    return { code, reused: after.reused - before.reused, compiled: after.compiled - before.compiled };
  };

  it('reuses the code when an edit leaves the schemas the targets reach alone', () => {
    forgetStandaloneModules();
    const first = compile(version());
    expect(first).toMatchObject({ reused: 0, compiled: 1 });
    const edited = version();
    edited.info.description = 'two';
    edited.components.schemas.C.type = 'string';
    expect(compile(edited)).toEqual({ code: first.code, reused: 1, compiled: 0 });
  });

  it('compiles again, to what a first compilation gives, when an edit reaches them', () => {
    forgetStandaloneModules();
    const original = compile(version()).code;
    const edited = version();
    edited.components.schemas.B.maxLength = 4;
    const again = compile(edited);
    expect(again).toMatchObject({ reused: 0, compiled: 1 });
    expect(again.code).not.toBe(original);
    forgetStandaloneModules();
    expect(compile(edited)).toEqual(again);
  });

  it('reaches through the references of built schemas', () => {
    const built: CompileTarget[] = [{ exportName: 'vQ', schema: { type: 'object', properties: { q: { $ref: refTo('/components/schemas/B') } } }, ownErrors: { '/type': null } }];
    const run = (document: Record<string, unknown>) => {
      const before = standaloneStats().compiled;
      standaloneModule(document, built, { coerce: true });
      return standaloneStats().compiled - before;
    };
    forgetStandaloneModules();
    expect(run(version())).toBe(1);
    expect(run(version())).toBe(0);
    const edited = version();
    edited.components.schemas.B.maxLength = 5;
    expect(run(edited)).toBe(1);
  });

  it('never reuses code for a document that resolves references by $id or anchors', () => {
    const withId = () => ({ ...version(), components: { schemas: { ...version().components.schemas, D: { $id: 'https://example.com/d', type: 'string' } } } });
    forgetStandaloneModules();
    expect(compile(withId())).toMatchObject({ compiled: 1 });
    expect(compile(withId())).toMatchObject({ compiled: 1, reused: 0 });
  });
});

describe('standaloneModule reuse and shared objects', () => {
  it('never reuses code for a document in which one object sits at two places', () => {
    const shared = { type: 'string', maxLength: 3 };
    const document = () => ({ components: { schemas: { A: { type: 'object', properties: { x: shared } }, B: { type: 'object', properties: { y: shared } } } } });
    const targets: CompileTarget[] = [{ exportName: 'vB', pointer: '/components/schemas/B' }];
    forgetStandaloneModules();
    const before = standaloneStats().compiled;
    standaloneModule(document(), targets, { coerce: false });
    standaloneModule(document(), targets, { coerce: false });
    expect(standaloneStats().compiled - before).toBe(2);
  });
});
