/** The target answered at all, and not with a server error. */
import { documentedResponse } from '../../spec/facts.js';
import { fail, pass, restExchangeCheck } from '../types.js';

export const notAServerError = restExchangeCheck({
  id: 'not_a_server_error',
  description: 'The target answers every request, never with a 5xx status.',
  run({ exchange, operation }) {
    const { response } = exchange;
    if (!response) return fail(`no response: ${exchange.error ?? 'the request failed'}`);
    if (response.status < 500) return pass;
    const documented = documentedResponse(operation, response.status) ? ' (documented, but a server error all the same)' : '';
    return fail(`server error: HTTP ${response.status}${documented}`);
  },
});
