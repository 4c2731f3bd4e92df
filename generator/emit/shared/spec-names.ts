import type { IrSpec } from '../../ir/types.js';
import { NameScope, camelCase, pascalCase, words } from './naming.js';

/** Suffixes of the per-operation type names in types.ts (see the types emitter). */
export const OPERATION_TYPE_SUFFIXES = [
  'PathParams',
  'QueryParams',
  'HeaderParams',
  'RequestBody',
  'Request',
  'Responses',
  'SuccessBody',
] as const;

/** Suffixes of the per-MQTT-method type names in types.ts. */
export const METHOD_TYPE_SUFFIXES = ['Request', 'RequestData', 'Reply', 'ReplyOutput'] as const;

/**
 * The one place that decides the identifiers of a spec's generated code, so the types,
 * validators, arbitraries, clients and servers all agree on them.
 */
export interface SpecNames {
  /** Type name of a named schema, by its `components/schemas` name. */
  schemaType(name: string): string;
  /** PascalCase base of an operation's type names, e.g. `PostV1ProductsProductKeyAccessToken`. */
  operationType(operationId: string): string;
  /** camelCase client/handler method name, e.g. `postV1ProductsProductKeyAccessToken`. */
  operationMember(operationId: string): string;
  /** PascalCase base of an MQTT method's type names, e.g. `AirportBindStatus`. */
  methodType(method: string): string;
  /** camelCase member name of an MQTT method, e.g. `airportBindStatus`. */
  methodMember(method: string): string;
  /** Name of the error-code enum, e.g. `GizwitsErrorCode` for `gizwits-enterprise`. */
  errorEnum: string;
}

export function specNames(ir: IrSpec): SpecNames {
  const errorEnum = pascalCase(words(ir.name)[0] ?? ir.name) + 'ErrorCode';
  // Operations and Methods are the lookup interfaces every types.ts exports.
  const types = new NameScope([errorEnum, 'Operations', 'Methods']);
  const schemaTypes = new Map<string, string>();
  for (const name of [...ir.schemas.map((s) => s.name)].sort()) schemaTypes.set(name, types.claim(pascalCase(name)));

  const claimBase = (raw: string, suffixes: readonly string[]): string => {
    const base = pascalCase(raw);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}_${n}`;
      const probe = new Set(suffixes.map((s) => (candidate + s).toLowerCase()));
      if (![...probe].some((p) => types.has(p))) {
        for (const s of suffixes) types.claim(candidate + s);
        return candidate;
      }
    }
  };
  const operationTypes = new Map<string, string>();
  for (const id of ir.operations.map((o) => o.id).sort()) operationTypes.set(id, claimBase(id, OPERATION_TYPE_SUFFIXES));
  const methodTypes = new Map<string, string>();
  for (const name of ir.methods.map((m) => m.name).sort()) methodTypes.set(name, claimBase(name, METHOD_TYPE_SUFFIXES));

  const members = new NameScope();
  const operationMembers = new Map<string, string>();
  for (const id of ir.operations.map((o) => o.id).sort()) operationMembers.set(id, members.claim(camelCase(id)));
  const methodMembers = new Map<string, string>();
  for (const name of ir.methods.map((m) => m.name).sort()) methodMembers.set(name, members.claim(camelCase(name)));

  const lookup = (map: Map<string, string>, key: string, what: string): string => {
    const found = map.get(key);
    if (found === undefined) throw new Error(`no ${what} named ${JSON.stringify(key)} in ${ir.name}`);
    return found;
  };
  return {
    schemaType: (name) => lookup(schemaTypes, name, 'schema'),
    operationType: (id) => lookup(operationTypes, id, 'operation'),
    operationMember: (id) => lookup(operationMembers, id, 'operation'),
    methodType: (name) => lookup(methodTypes, name, 'method'),
    methodMember: (name) => lookup(methodMembers, name, 'method'),
    errorEnum,
  };
}

/**
 * Every name types.ts, validators.ts and arbitraries.ts export (per the generated-module contract).
 * `index.ts` re-exports every module with `export *`, so the other modules claim their exported
 * names clear of these.
 */
export function sharedModuleExports(ir: IrSpec): string[] {
  const names = specNames(ir);
  const schemaTypes = ir.schemas.map((s) => names.schemaType(s.name));
  return [
    names.errorEnum,
    'Operations',
    'Methods',
    'errorCatalogue',
    'operationValidators',
    'methodValidators',
    'operationArbitraries',
    'methodArbitraries',
    ...schemaTypes,
    ...schemaTypes.map((t) => `validate${t}`),
    ...schemaTypes.map((t) => `arb${t}`),
    ...ir.operations.flatMap((o) => OPERATION_TYPE_SUFFIXES.map((s) => names.operationType(o.id) + s)),
    ...ir.methods.flatMap((m) => METHOD_TYPE_SUFFIXES.map((s) => names.methodType(m.name) + s)),
  ];
}
