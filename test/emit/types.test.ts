import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { printFile } from '../../generator/emit/print.js';
import { propertyKeyForLiteral, stringLiteral } from '../../generator/emit/shared/escape.js';
import { specNames } from '../../generator/emit/shared/spec-names.js';
import { typesEmitter } from '../../generator/emit/types/index.js';
import type { IrSpec } from '../../generator/ir/types.js';
import { specNameOf } from '../../generator/load/spec.js';
import { typecheckFiles } from '../helpers/typecheck.js';
import { fixtureDir, irOf, repoRoot, specDir, specFiles } from './fixtures.js';

function typesText(ir: IrSpec): string {
  const files = typesEmitter.emit(ir);
  expect(files.map((f) => f.path)).toEqual(['types.ts']);
  return printFile(files[0]!);
}

/** A literal for a JSON example value that is safe as an object literal (`__proto__` keys stay own keys). */
function valueLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(valueLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${propertyKeyForLiteral(k)}: ${valueLiteral(v)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return typeof value === 'string' ? stringLiteral(value) : JSON.stringify(value);
}

/**
 * Every example of the spec, as a constant of the generated type it documents: the examples
 * are the spec authors' own statement of what valid data looks like.
 */
function exampleChecks(ir: IrSpec): string {
  const names = specNames(ir);
  const lines: string[] = [];
  const add = (type: string, value: unknown): void => {
    lines.push(`export const example${lines.length}: ${type} = ${valueLiteral(value)};`);
  };
  for (const op of ir.operations) {
    const base = `T.${names.operationType(op.id)}`;
    for (const media of op.requestBody?.contents ?? []) for (const e of media.examples) add(`${base}RequestBody`, e.value);
    for (const response of op.responses) {
      for (const media of response.contents) for (const e of media.examples) add(`${base}Responses[${stringLiteral(response.status)}]`, e.value);
    }
  }
  for (const method of ir.methods) {
    const base = `T.${names.methodType(method.name)}`;
    for (const e of method.request.examples) add(`${base}Request`, e.value);
    for (const e of method.reply.examples) add(`${base}Reply`, e.value);
  }
  return `import type * as T from './types.js';\n${lines.join('\n')}\n`;
}

const TYPE_TEST_PRELUDE = `import * as T from './types.js';
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function expectTrue<_ extends true>(): void {}
`;

/** Type-level assertions about the hostile fixture: keys survive, types are what the schemas say. */
const HOSTILE_CHECKS = `${TYPE_TEST_PRELUDE}
expectTrue<Equal<keyof T.Operations, '__proto__' | 'constructor' | 'delete' | 'get-pets' | 'getPets'>>();
expectTrue<Equal<T.GetPetsQueryParams['constructor'], "a'b" | 'c"d' | '\`e\`' | '\${f}' | 'g\\nh' | 'ünï' | undefined>>();
expectTrue<Equal<T.Operations['get-pets']['success'], T.Pet[] | string | undefined>>();
expectTrue<Equal<T.Operations['getPets']['request']['body'], T.Pet_2>>();
expectTrue<Equal<T.Proto['kind'], 'dog' | 1 | true | null | '\`\${kind}\`' | '</script>' | '\\u2028' | undefined>>();
expectTrue<Equal<T._9livesTuple, [string, number?]>>();
expectTrue<Equal<T.PetInfo, string>>();
expectTrue<Equal<T.PetInfo_2, number>>();
expectTrue<Equal<T.Inline['next'], { again?: { again?: unknown } } | undefined>>();
expectTrue<Equal<T.Choice, T.Pet | string | null>>();
expectTrue<Equal<T.Pet['__proto__'], string>>();
expectTrue<Equal<T.Pet['constructor'], string | null | undefined>>();
expectTrue<Equal<T.Class, { error: string; [key: string]: number | string }>>();
expectTrue<Equal<T.GetPetsHeaderParams, { 'X-Rate*/Limit': number }>>();
expectTrue<Equal<T.Operations['__proto__']['request']['body'], { reason?: string } | undefined>>();

// Optional members named like Object.prototype members (toString, constructor) must be given:
// TypeScript checks them against the inherited ones.
export const pet: T.Pet = { id: 1, ['__proto__']: 'p', '*/': 'c', '"quoted"': "it's", constructor: null, toString: 's', 'a b': true };
// @ts-expect-error the required '__proto__' property is missing
export const noProto: T.Pet = { id: 1, constructor: null, toString: 's' };
// @ts-expect-error additionalProperties is absent, so the type is closed
export const extraKey: T.Pet = { id: 1, ['__proto__']: 'p', constructor: null, toString: 's', unknownKey: 1 };
export const lower: T.Pet_2 = { name: 'n', anything: 'else' };
// @ts-expect-error additionalProperties says string
export const lowerBad: T.Pet_2 = { other: 1 };
export const cls: T.Class = { error: 'e', 'x-code': 1 };
// @ts-expect-error error is required
export const noError: T.Class = { 'x-code': 1 };
export const tree: T.Tree = { value: 'v', children: [{ children: [] }] };
// @ts-expect-error items: false closes the tuple
export const long: T._9livesTuple = ['a', 1, 2];
export const request: T.Operations['get-pets']['request'] = {
  path: { 'pet-id': 'p', ['__proto__']: 1 },
  headers: { 'X-Rate*/Limit': 3 },
  query: { constructor: '\${f}' },
};
// @ts-expect-error the required header is missing
export const noHeader: T.Operations['get-pets']['request'] = { path: { 'pet-id': 'p', ['__proto__']: 1 } };
export const bodyless: T.Operations['constructor']['request'] = { path: {} };
export const code: T.HostileErrorCode.BadInputX = 1001;
// @ts-expect-error 1002 is another member
export const otherCode: T.HostileErrorCode.BadInputX = 1002;
export const catalogued: readonly T.HostileErrorCode[] = T.errorCatalogue.map((e) => e.code);
`;

/** MQTT method types: data and output are found through allOf, $ref and oneOf. */
const MINI_CHECKS = `${TYPE_TEST_PRELUDE}
expectTrue<Equal<keyof T.Methods, 'lookup' | 'ping'>>();
expectTrue<Equal<T.Methods['lookup']['data'], T.LookupData>>();
expectTrue<Equal<T.Methods['lookup']['output'], T.LookupOutput>>();
expectTrue<Equal<T.LookupOutput, { value: string | null }>>();
expectTrue<Equal<T.Methods['ping']['output'], { pong?: boolean }>>();
expectTrue<Equal<T.Methods['ping']['data'], { 'echo*/'?: string }>>();
export const lookup: T.LookupRequest = { tid: 't', bid: 'b', method: 'lookup', data: { key: 'k' } };
// @ts-expect-error the message pins its method
export const wrongMethod: T.LookupRequest = { tid: 't', bid: 'b', method: 'ping', data: { key: 'k' } };
export const failed: T.LookupReply = { tid: 't', bid: 'b', method: 'lookup', data: { result: 7001, output: 'lookup failed' } };
`;

/** The DJI spec: the contract's MQTT names and the typed-output choice. */
const DJI_CHECKS = `${TYPE_TEST_PRELUDE}
expectTrue<Equal<keyof T.Methods, 'airport_bind_status' | 'airport_organization_bind' | 'airport_organization_get'>>();
expectTrue<Equal<T.Methods['airport_bind_status']['data'], T.AirportBindStatusRequestData>>();
expectTrue<Equal<T.Methods['airport_bind_status']['output'], T.AirportBindStatusReplyOutput>>();
expectTrue<Equal<T.Methods['airport_organization_get']['output'], T.AirportOrganizationGetReplyOutput>>();
expectTrue<Equal<T.Methods['airport_organization_bind']['output'], T.AirportOrganizationBindReplyOutput>>();
`;

const extraChecks: Record<string, string> = {
  hostile: HOSTILE_CHECKS,
  mini: MINI_CHECKS,
  'dji-dock-organization': DJI_CHECKS,
};

describe('types emitter', () => {
  const specs = new Map<string, IrSpec>();
  beforeAll(async () => {
    for (const file of [...(await specFiles(fixtureDir)), ...(await specFiles(specDir))]) specs.set(specNameOf(file), await irOf(file));
  });

  it('emits types.ts for every spec', () => {
    for (const ir of specs.values()) expect(typesEmitter.appliesTo(ir)).toBe(true);
    expect([...specs.keys()]).toEqual(expect.arrayContaining(['hostile', 'mini', 'gizwits-enterprise', 'dji-dock-organization']));
  });

  it('type-checks the output of fixtures and real specs, their examples and the type-level checks', async () => {
    const files: Record<string, string> = {};
    for (const [name, ir] of specs) {
      files[`${name}/types.ts`] = typesText(ir);
      files[`${name}/examples.ts`] = exampleChecks(ir);
      if (extraChecks[name]) files[`${name}/checks.ts`] = extraChecks[name];
    }
    expect(Object.keys(files).filter((f) => f.endsWith('checks.ts'))).toHaveLength(3);
    expect(await typecheckFiles(files)).toBe('');
  }, 120_000);

  it('matches the golden files (update with `npx tsx scripts/update-golden.ts types`)', async () => {
    for (const file of await specFiles(fixtureDir)) {
      const name = specNameOf(file);
      const golden = await readFile(join(repoRoot, 'test/golden/types', name, 'types.ts'), 'utf8');
      expect(typesText(specs.get(name)!), `${basename(file)} vs its golden file`).toBe(golden);
    }
  });

  it('is deterministic: same text twice, and whatever the order of the IR lists', () => {
    for (const ir of specs.values()) {
      const first = typesText(ir);
      expect(typesText(ir)).toBe(first);
      const shuffled: IrSpec = {
        ...ir,
        schemas: [...ir.schemas].reverse(),
        operations: [...ir.operations].reverse(),
        methods: [...ir.methods].reverse(),
      };
      expect(typesText(shuffled)).toBe(first);
    }
  });

  it('keeps hostile text out of code positions', () => {
    const text = typesText(specs.get('hostile')!);
    // Every `*/` inside a comment is escaped, so the only comment terminators are real ones.
    for (const comment of text.match(/\/\*\*[\s\S]*?\*\//g) ?? []) expect(comment.slice(3, -2)).not.toContain('*/');
    expect(text).toContain('"X-Rate*/Limit": number;');
    expect(text).toContain('export type Pet_2 =');
  });

  it('emits the error enum and catalogue only when the spec has an error catalogue', () => {
    const mini = specs.get('mini')!;
    expect(typesText(mini)).toContain('export enum MiniErrorCode {');
    const withoutCatalogue = typesText({ ...mini, errorCatalogue: [] });
    expect(withoutCatalogue).not.toContain('enum');
    expect(withoutCatalogue).not.toContain('errorCatalogue');
  });
});
