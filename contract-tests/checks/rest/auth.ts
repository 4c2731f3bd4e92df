/**
 * Authentication is enforced: a request without its credentials, with a wrong one, or with an
 * expired token is refused with an authentication error of the spec, never served.
 */
import type { IrOperation } from '../../../generator/ir/types.js';
import type { RestApi } from '../../apis/api.js';
import { documentedResponse, isSuccess } from '../../spec/facts.js';
import { fail, pass, preview, restOperationCheck, skip, type AppliedCredential, type CheckResult, type RestExchange, type RestRequest } from '../types.js';
import { errorCodeOf } from './error-codes.js';

interface Probe {
  label: string;
  request: RestRequest;
  /** Error codes that count as an authentication refusal; empty: any 4xx will do. */
  expected: ReadonlySet<number>;
}

export const ignoredAuth = restOperationCheck({
  id: 'ignored_auth',
  description: 'Requests without credentials, with wrong credentials or with an expired token are refused with an authentication error.',
  async run({ operation, base, credentials, expiredToken, api, send }) {
    if (credentials.length === 0) return skip('the operation needs no credentials');
    for (const probe of probes(api, operation, base, credentials, expiredToken)) {
      const exchange = await send(probe.request);
      const verdict = judge(api, operation, probe, exchange);
      if (verdict.status === 'fail') return verdict;
    }
    return pass;
  },
});

function probes(api: RestApi, op: IrOperation, base: RestRequest, credentials: readonly AppliedCredential[], expiredToken: string | undefined): Probe[] {
  const tokenCodes = codes(api, ['tokenInvalid', 'tokenMismatch', 'tokenExpired']);
  // A wrong enterprise id is "unknown enterprise", not a token error: the operation's own 4xx codes count too.
  const credentialCodes = new Set([...tokenCodes, ...op.errorCodes.filter((c) => clientErrorStatus(api, c))]);
  const expectedFor = (cs: readonly AppliedCredential[]) => (cs.some((c) => c.kind === 'credential') ? credentialCodes : tokenCodes);
  // A scheme with its own `x-error-code` refuses a missing credential with that code (any of them: the spec does not order the checks).
  const ownCodes = new Set(credentials.flatMap((c) => api.ir.securitySchemes.find((s) => s.name === c.scheme)?.errorCode ?? []));
  const list: Probe[] = [{ label: 'without credentials', request: without(base, credentials), expected: ownCodes.size > 0 ? ownCodes : expectedFor(credentials) }];
  for (const credential of credentials) {
    const wrong = { ...credential, value: wrongValue(credential.value) };
    list.push({ label: `with a wrong ${describe(credential)}`, request: replaced(base, wrong), expected: expectedFor([credential]) });
  }
  const token = credentials.find((c) => c.kind === 'token');
  const expiredCode = api.roles.code('tokenExpired');
  if (token && expiredToken !== undefined) {
    list.push({
      label: `with an expired ${describe(token)}`,
      request: replaced(base, { ...token, value: expiredToken }),
      expected: expiredCode === undefined ? tokenCodes : new Set([expiredCode]),
    });
  }
  return list;
}

function judge(api: RestApi, op: IrOperation, probe: Probe, exchange: RestExchange): CheckResult {
  const { response } = exchange;
  const evidence = [exchange];
  if (!response) return fail(`request ${probe.label}: no response (${exchange.error ?? 'failed'})`, evidence);
  if (isSuccess(response.status)) return fail(`request ${probe.label} was served (HTTP ${response.status}): authentication is not enforced`, evidence);
  if (response.status < 400 || response.status >= 500) return fail(`request ${probe.label} was answered HTTP ${response.status}, not a 4xx authentication error`, evidence);
  const documented = documentedResponse(op, response.status);
  const validator = documented && api.validators[op.id]?.responses[documented.status]?.body;
  if (validator && !validator(response.body)) return fail(`request ${probe.label} was refused (HTTP ${response.status}) but not in the spec's error format: ${preview(response.body)}`, evidence);
  if (probe.expected.size === 0) return pass;
  const code = errorCodeOf(response.body);
  if (code !== undefined && probe.expected.has(code)) return pass;
  const expected = [...probe.expected].sort((a, b) => a - b).join(', ');
  return fail(`request ${probe.label} was refused with ${code === undefined ? 'no error code' : `error ${code}`} (HTTP ${response.status}); expected an authentication error: ${expected}`, evidence);
}

function codes(api: RestApi, roles: readonly string[]): Set<number> {
  return new Set(roles.map((r) => api.roles.code(r)).filter((c): c is number => c !== undefined));
}

function clientErrorStatus(api: RestApi, code: number): boolean {
  const status = api.catalogue.get(code)?.status;
  return status !== undefined && status >= 400 && status < 500;
}

function describe(credential: AppliedCredential): string {
  return `${credential.kind === 'token' ? 'token' : 'credential'} (${credential.in} ${credential.name})`;
}

/** Same length, every character changed: a value of the right shape that the target never issued. */
function wrongValue(value: string): string {
  return value.replace(/[\s\S]/g, (c) => (c === 'a' ? 'b' : 'a'));
}

export function without(request: RestRequest, credentials: readonly AppliedCredential[]): RestRequest {
  const headers = { ...request.headers };
  const query = { ...request.query };
  for (const c of credentials) {
    if (c.in === 'header') deleteHeader(headers, c.name);
    else delete query[c.name];
  }
  return { ...request, headers, query };
}

export function replaced(request: RestRequest, credential: AppliedCredential): RestRequest {
  const sent = `${credential.prefix}${credential.value}`;
  if (credential.in === 'query') return { ...request, query: { ...request.query, [credential.name]: sent } };
  const headers = { ...request.headers };
  deleteHeader(headers, credential.name);
  headers[credential.name] = sent;
  return { ...request, headers };
}

export function deleteHeader(headers: Record<string, string>, name: string): void {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
}
