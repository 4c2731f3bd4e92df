/**
 * The stateful Gizwits Enterprise mock: the generated server stub (request validation, error
 * format, answers checked against the spec) over the in-memory domain of `state.ts`.
 */

import { createGizwitsEnterpriseServer } from '../../../generated/gizwits-enterprise/server.js';
import { gizwitsHandlers } from './handlers.js';
import { gizwitsHooks } from './server-hooks.js';
import { GizwitsState, type DemoCredentials, type GizwitsStateOptions } from './state.js';

export { GizwitsState, type DemoCredentials, type GizwitsStateOptions } from './state.js';
export { GizwitsError, Code } from './errors.js';

export interface GizwitsMockOptions extends GizwitsStateOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Check every answer against the spec before sending it (default true: an off-spec answer becomes a logged 500). */
  validateResponses?: boolean;
  /** Where off-spec answers and handler failures are reported (default `console`). */
  logger?: { error(message: string): void };
}

export interface GizwitsMock {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`; paths start with /v1. */
  url: string;
  credentials: DemoCredentials;
  state: GizwitsState;
  close(): Promise<void>;
}

export async function startGizwitsMock(options: GizwitsMockOptions = {}): Promise<GizwitsMock> {
  const state = new GizwitsState({ ...options, seed: options.seed ?? 1, quotaPerHour: options.quotaPerHour ?? 3600 });
  const server = createGizwitsEnterpriseServer(gizwitsHandlers(state), {
    ...gizwitsHooks(state),
    validateResponses: options.validateResponses ?? true,
    ...(options.logger && { logger: options.logger }),
  });
  const url = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  let closing: Promise<void> | undefined;
  return {
    url: url.origin,
    credentials: state.credentials,
    state,
    close: () => (closing ??= server.close()),
  };
}
