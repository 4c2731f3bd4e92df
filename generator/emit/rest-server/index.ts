import type { Emitter } from '../emitter.js';
import { serverModule } from './server-module.js';

/**
 * `server.ts` for OpenAPI specs: typed handlers answering the documented responses, the routes
 * as data, and a factory binding them to the `node:http` engine in `runtime/rest-server-core.ts`.
 */
export const restServerEmitter: Emitter = {
  id: 'rest-server',
  appliesTo: (ir) => ir.kind === 'openapi',
  emit: (ir) => [{ path: 'server.ts', kind: 'ts', structure: serverModule(ir) }],
};
