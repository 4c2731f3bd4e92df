import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { emitters } from '../generator/emit/registry.js';
import { generateSpec } from '../generator/generate/generate.js';
import { buildIr } from '../generator/ir/build.js';
import { formatDiagnostic, hasErrors } from '../generator/load/diagnostic.js';
import { loadSpecText } from '../generator/load/load-text.js';
import { repoRoot } from './emit/fixtures.js';
import { typecheckFiles } from './helpers/typecheck.js';

/**
 * Hostile input: specs whose names, descriptions, enum values, patterns and examples try to
 * break out of the generated code. The output must compile, and no spec text may run: every
 * payload below would set `globalThis.__pwned` if it ever executed.
 */
const PAYLOADS = [
  '*/ globalThis.__pwned = 1; /*',
  "'); globalThis.__pwned = 1; ('",
  '"); globalThis.__pwned = 1; ("',
  '`; globalThis.__pwned = 1; `',
  '${globalThis.__pwned = 1}',
  '\n globalThis.__pwned = 1; //',
  '</script><script>globalThis.__pwned = 1</script>',
  '\u2028globalThis.__pwned = 1\u2029',
  '__proto__',
  'constructor',
  'ünïcödé 💥',
];
const RESERVED = ['class', 'delete', 'default', 'constructor', 'toString', 'valueOf', 'Object', 'Error', 'enum', 'await'];
/** Component names must match OpenAPI's `^[a-zA-Z0-9._-]+$`; make them clash by case and by identifier. */
const SCHEMA_NAMES = ['pet', 'Pet', 'PET', 'pet-', 'pet_', 'class', 'Delete', 'delete', 'default', 'toString', '9lives', 'a.b'];
const PATTERNS = ['^[a-z]*/$', "^['\"`]+$", '^\\$\\{x\\}$', '^\\*/.*$', '^[ü-ÿ]+$'];

const hostileText = fc.constantFrom(...PAYLOADS, ...RESERVED);
const propertyName = fc.oneof(fc.constantFrom(...PAYLOADS, ...RESERVED), fc.constantFrom('id', 'Id', 'ID', 'name'));

const propertySchema = fc.oneof(
  fc.record({ type: fc.constant('string'), description: hostileText, examples: fc.array(hostileText, { minLength: 1, maxLength: 2 }) }),
  fc.record({ type: fc.constant('string'), enum: fc.uniqueArray(hostileText, { minLength: 1, maxLength: 4 }) }),
  fc.record({ type: fc.constant('string'), pattern: fc.constantFrom(...PATTERNS) }),
  fc.record({ type: fc.constant('integer'), minimum: fc.integer({ min: -5, max: 0 }), maximum: fc.integer({ min: 1, max: 9 }) }),
);

const objectSchema = fc.record({
  description: hostileText,
  properties: fc.dictionary(propertyName, propertySchema, { minKeys: 1, maxKeys: 4 }),
});

const hostileSpec = fc
  .record({
    title: hostileText,
    schemas: fc.uniqueArray(fc.tuple(fc.constantFrom(...SCHEMA_NAMES), objectSchema), {
      minLength: 1,
      maxLength: 4,
      selector: ([name]) => name,
    }),
    operationIds: fc.uniqueArray(fc.constantFrom(...PAYLOADS.filter((p) => !p.includes('\n')), ...RESERVED, 'get-x', 'getX'), {
      minLength: 1,
      maxLength: 3,
    }),
    queryName: propertyName,
  })
  .map(({ title, schemas, operationIds, queryName }) => {
    const components = Object.fromEntries(
      schemas.map(([name, schema]) => [name, { type: 'object', ...schema, required: Object.keys(schema.properties).slice(0, 1) }]),
    );
    const firstSchema = schemas[0]![0];
    const paths = Object.fromEntries(
      operationIds.map((id, i) => [
        `/things${i}/{thing-id}`,
        {
          get: {
            operationId: id,
            summary: title,
            parameters: [
              { name: 'thing-id', in: 'path', required: true, description: title, schema: { type: 'string' } },
              { name: queryName, in: 'query', schema: { type: 'string', enum: [title] } },
            ],
            responses: {
              '200': {
                description: title,
                content: { 'application/json': { schema: { $ref: `#/components/schemas/${firstSchema}` } } },
              },
            },
          },
        },
      ]),
    );
    return { openapi: '3.1.0', info: { title, version: '1.0.0', description: title }, paths, components: { schemas: components } };
  });

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('hostile specs', () => {
  it('always generate code that compiles and never runs spec text', async () => {
    const specs = fc.sample(hostileSpec, { numRuns: 6, seed: 20261123 });
    const root = await mkdtemp(join(repoRoot, '.specgen-tmp-hostile-'));
    dirs.push(root);
    const files: Record<string, string> = {};
    for (const [i, doc] of specs.entries()) {
      const loaded = await loadSpecText(`hostile-${i}.openapi.yaml`, stringify(doc));
      expect(hasErrors(loaded.diagnostics), loaded.diagnostics.map(formatDiagnostic).join('\n')).toBe(false);
      const generated = await generateSpec(buildIr(loaded), emitters, `hostile-${i}.openapi.yaml`);
      for (const [path, text] of generated.files) files[`spec${i}/${path}`] = text;
    }
    expect(await typecheckFiles(files)).toBe('');

    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    delete (globalThis as { __pwned?: unknown }).__pwned;
    let validated = 0;
    for (const i of specs.keys()) {
      const sdk = (await import(pathToFileURL(join(root, `spec${i}/index.ts`)).href)) as Record<string, unknown>;
      // Exercise the generated data: sample every arbitrary and run every validator on it.
      for (const [name, value] of Object.entries(sdk)) {
        if (name.startsWith('arb') && value instanceof fc.Arbitrary) {
          const validator = sdk[`validate${name.slice(3)}`] as ((v: unknown) => boolean) | undefined;
          for (const sample of fc.sample(value, { numRuns: 20, seed: i })) {
            if (!validator) continue;
            expect(validator(sample), `${name} sample ${JSON.stringify(sample)}`).toBe(true);
            validated++;
          }
        }
      }
    }
    expect(validated).toBeGreaterThan(specs.length * 20 - 1);
    expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
  }, 180_000);
});
