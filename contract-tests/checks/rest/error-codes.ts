/** Error bodies carry a code of the spec's catalogue, sent with the catalogue's HTTP status. */
import { parseErrorCode } from '../../../generator/runtime/http-error.js';
import { isSuccess } from '../../spec/facts.js';
import { fail, pass, preview, restExchangeCheck, skip } from '../types.js';

/** Where the spec's error body keeps its code (the generated client's `errorFields`). */
const ERROR_CODE_FIELD = 'error_code';

export function errorCodeOf(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  return parseErrorCode((body as Record<string, unknown>)[ERROR_CODE_FIELD]);
}

export const errorCodeConformance = restExchangeCheck({
  id: 'error_code_conformance',
  description: "An error response carries an error code of the spec's catalogue, and its HTTP status is the catalogue's status for that code.",
  run({ exchange, api }) {
    const { response } = exchange;
    if (!response) return skip('no response');
    if (isSuccess(response.status)) return skip('not an error response');
    if (api.catalogue.size === 0) return skip('the spec has no error catalogue');
    const code = errorCodeOf(response.body);
    if (code === undefined) return fail(`HTTP ${response.status} error body has no ${ERROR_CODE_FIELD}: ${preview(response.body)}`);
    const entry = api.catalogue.get(code);
    if (!entry) return fail(`error code ${code} (HTTP ${response.status}) is not in the spec's error catalogue`);
    if (entry.status !== undefined && entry.status !== response.status) {
      return fail(`error code ${code} ("${entry.message}") was sent with HTTP ${response.status}; the catalogue gives HTTP ${entry.status}`);
    }
    return pass;
  },
});
