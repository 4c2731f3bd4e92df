import type { IrSpec } from '../../ir/types.js';
import { NameScope, pascalCase } from '../shared/naming.js';
import { sharedModuleExports, specNames } from '../shared/spec-names.js';

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
  const taken = new NameScope(sharedModuleExports(ir));
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
