import type { Emitter } from '../emitter.js';
import { clientModule } from './client-module.js';

/**
 * `client.ts` for OpenAPI specs: a typed client class with one method per operation (plus a
 * page-walking `…All` method per list operation), the access-token lifecycle driven by the
 * spec's security schemes, and the operations and API described as data for `RestClientCore`.
 */
export const restClientEmitter: Emitter = {
  id: 'rest-client',
  appliesTo: (ir) => ir.kind === 'openapi',
  emit: (ir) => [{ path: 'client.ts', kind: 'ts', structure: clientModule(ir) }],
};
