import type { IrSpec } from '../../ir/types.js';
import { NameScope, pascalCase } from '../shared/naming.js';
import { METHOD_TYPE_SUFFIXES, OPERATION_TYPE_SUFFIXES, specNames } from '../shared/spec-names.js';

/**
 * Names exported by client.ts and server.ts. `index.ts` re-exports every module with
 * `export *`, so these must differ from each other and from what types.ts, validators.ts and
 * arbitraries.ts export; a clash gets a `_2` suffix, deterministically.
 */
export interface RestNames {
  client: string;
  clientOptions: string;
  credentials: string;
  apiError: string;
  isApiError: string;
  clientApi: string;
  clientOperations: string;
  handlers: string;
  createServer: string;
  serverApi: string;
  serverRoutes: string;
  /** `<Op>Result` of server.ts, by operation id. */
  result(operationId: string): string;
}

export function restNames(ir: IrSpec): RestNames {
  const names = specNames(ir);
  const taken = new NameScope(otherModulesExports(ir));
  const spec = pascalCase(ir.name);
  const claim = (name: string): string => taken.claim(name);
  const fixed = {
    client: claim(`${spec}Client`),
    clientOptions: claim(`${spec}ClientOptions`),
    credentials: claim(`${spec}Credentials`),
    apiError: claim(`${spec}ApiError`),
    isApiError: claim(`is${spec}ApiError`),
    clientApi: claim('clientApi'),
    clientOperations: claim('clientOperations'),
    handlers: claim(`${spec}Handlers`),
    createServer: claim(`create${spec}Server`),
    serverApi: claim('serverApi'),
    serverRoutes: claim('serverRoutes'),
  };
  const results = new Map<string, string>();
  for (const id of ir.operations.map((o) => o.id).sort()) results.set(id, claim(`${names.operationType(id)}Result`));
  return {
    ...fixed,
    result(operationId) {
      const name = results.get(operationId);
      if (name === undefined) throw new Error(`no operation named ${JSON.stringify(operationId)} in ${ir.name}`);
      return name;
    },
  };
}

/** Every name types.ts, validators.ts and arbitraries.ts export (per the generated-module contract). */
function otherModulesExports(ir: IrSpec): string[] {
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

