/**
 * Resources live as long as the spec says: what a response names through a link can be read,
 * and what was deleted cannot.
 */
import type { IrOperation } from '../../../generator/ir/types.js';
import { isSuccess } from '../../spec/facts.js';
import { linkParameters, usesResponse } from '../../rest/links.js';
import { fail, pass, restExchangeCheck, skip, type CheckResult, type RestExchange, type RestRequest } from '../types.js';

export const ensureResourceAvailability = restExchangeCheck({
  id: 'ensure_resource_availability',
  description: 'A resource a successful response names (through a link to a GET operation) can be read right away.',
  async run({ exchange, operation, api, send }) {
    const { response } = exchange;
    if (!response || !isSuccess(response.status)) return skip('not a successful response');
    const documented = operation.responses.find((r) => r.status === String(response.status));
    const links = (documented?.links ?? []).filter((l) => usesResponse(l));
    const reads = links.flatMap((link) => {
      const target = api.ir.operations.find((o) => o.id === link.operationId);
      return target?.method === 'get' ? [{ link, target }] : [];
    });
    if (reads.length === 0) return skip('no link to a GET operation');
    for (const { link, target } of reads) {
      const params = linkParameters(link, exchange);
      if (!params) return fail(`link ${link.name} cannot be followed: its parameters are not all in the response (${JSON.stringify(link.parameters)})`);
      const follow = await send(readRequest(target, params, exchange.request));
      const verdict = expect2xx(follow, `the resource named by link ${link.name} (${target.id})`);
      if (verdict.status === 'fail') return verdict;
    }
    return pass;
  },
});

export const useAfterFree = restExchangeCheck({
  id: 'use_after_free',
  description: 'After a successful DELETE, reading the same resource (GET on the same path) answers 404 or 410.',
  async run({ exchange, operation, api, send }) {
    const { response } = exchange;
    if (operation.method !== 'delete') return skip('not a DELETE');
    if (!response || !isSuccess(response.status)) return skip('the DELETE did not succeed');
    const reader = api.ir.operations.find((o) => o.method === 'get' && o.path === operation.path);
    if (!reader) return skip(`no GET operation on ${operation.path}`);
    const follow = await send(readRequest(reader, exchange.request.pathParams, exchange.request));
    const status = follow.response?.status;
    if (status === 404 || status === 410) return pass;
    const answer = status === undefined ? `no response (${follow.error ?? 'failed'})` : `HTTP ${status}`;
    return fail(`${reader.id} after the successful DELETE answered ${answer}; a deleted resource must be gone (404 or 410)`, [follow]);
  },
});

/** A GET of `target` with the given path parameters and the original request's credentials. */
function readRequest(target: IrOperation, pathParams: Record<string, string>, original: RestRequest): RestRequest {
  const headers = Object.fromEntries(Object.entries(original.headers).filter(([k]) => k.toLowerCase() !== 'content-type'));
  return { method: 'get', path: target.path, pathParams: { ...pathParams }, query: {}, headers };
}

function expect2xx(exchange: RestExchange, what: string): CheckResult {
  const status = exchange.response?.status;
  if (status !== undefined && isSuccess(status)) return pass;
  const answer = status === undefined ? `no response (${exchange.error ?? 'failed'})` : `HTTP ${status}`;
  return fail(`${what} could not be read: ${answer}`, [exchange]);
}
