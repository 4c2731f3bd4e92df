/**
 * Which credentials a request of an operation carries: the first security alternative the run
 * can satisfy, sent as the generated client's scheme descriptors say.
 */
import type { IrOperation } from '../../generator/ir/types.js';
import type { SecuritySchemeDescriptor } from '../../generator/runtime/rest-client-core.js';
import type { AppliedCredential, RestRequest } from '../checks/types.js';
import type { Credentials } from '../apis/api.js';

export interface AuthState {
  schemes: Readonly<Record<string, SecuritySchemeDescriptor>>;
  credentials: Credentials;
  token?: string;
}

/** The credentials for `op`, or `undefined` when no alternative can be satisfied (`[]` when none is needed). */
export function credentialsFor(op: IrOperation, auth: AuthState): AppliedCredential[] | undefined {
  if (op.security.length === 0 || op.security.some((set) => set.length === 0)) return [];
  for (const alternative of op.security) {
    const applied = alternative.map((name) => applied1(name, auth));
    if (applied.every((a): a is AppliedCredential => a !== undefined)) return applied;
  }
  return undefined;
}

function applied1(name: string, auth: AuthState): AppliedCredential | undefined {
  const scheme = Object.hasOwn(auth.schemes, name) ? auth.schemes[name] : undefined;
  if (!scheme) return undefined;
  const value = scheme.kind === 'token' ? auth.token : auth.credentials[scheme.credential ?? name];
  if (value === undefined) return undefined;
  return { scheme: name, kind: scheme.kind, in: scheme.in, name: scheme.name, prefix: scheme.prefix ?? '', value };
}

export function withCredentials(request: RestRequest, credentials: readonly AppliedCredential[]): RestRequest {
  const headers = { ...request.headers };
  const query = { ...request.query };
  for (const c of credentials) {
    if (c.in === 'header') headers[c.name] = `${c.prefix}${c.value}`;
    else query[c.name] = `${c.prefix}${c.value}`;
  }
  return { ...request, headers, query };
}
