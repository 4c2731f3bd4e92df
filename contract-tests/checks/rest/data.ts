/**
 * Valid requests are not refused as malformed; invalid ones are refused with a documented client
 * error in the spec's error format.
 */
import type { HttpResponse } from '../../../generator/runtime/http-request.js';
import { documentedResponse, documentedStatuses, isSuccess, type ErrorRoles } from '../../spec/facts.js';
import { fail, pass, preview, restExchangeCheck, skip } from '../types.js';
import { errorCodeOf } from './error-codes.js';

/** Whether an answer says "your request is malformed" (rather than a domain error such as an unknown device). */
function isMalformedRequestAnswer(response: HttpResponse, roles: ErrorRoles): boolean {
  if (response.status === 422) return true;
  if (response.status !== 400) return false;
  const code = errorCodeOf(response.body);
  if (code === undefined) return true;
  return code === roles.code('bodyInvalid') || code === roles.code('formInvalid');
}

export const positiveDataAcceptance = restExchangeCheck({
  id: 'positive_data_acceptance',
  description: 'A request valid by the spec is not refused as malformed (400 with the body-invalid or form-invalid code, or 422); documented domain errors are fine.',
  run({ exchange, sample, api }) {
    if (sample.kind !== 'valid') return skip('not a valid sample');
    const { response } = exchange;
    if (!response) return skip('no response');
    if (!isMalformedRequestAnswer(response, api.roles)) return pass;
    return fail(`a request valid by the spec was refused as malformed: HTTP ${response.status} ${preview(response.body)}`);
  },
});

export const negativeDataRejection = restExchangeCheck({
  id: 'negative_data_rejection',
  description: "A request that breaks the spec is refused with a documented 4xx status and the spec's error body.",
  run({ exchange, sample, operation, api }) {
    if (sample.kind !== 'invalid') return skip('not an invalid sample');
    const { response } = exchange;
    if (!response) return skip('no response');
    const what = sample.violation ? `${sample.violation.description} [${sample.violation.keyword}]` : 'an invalid request';
    if (isSuccess(response.status)) return fail(`accepted an invalid request (${what}): HTTP ${response.status}`);
    if (response.status < 400 || response.status >= 500) return fail(`answered an invalid request (${what}) with HTTP ${response.status}, not a 4xx`);
    const documented = documentedResponse(operation, response.status);
    if (!documented) return fail(`refused an invalid request (${what}) with HTTP ${response.status}, which is not documented (${documentedStatuses(operation)})`);
    const validator = api.validators[operation.id]?.responses[documented.status]?.body;
    if (validator && !validator(response.body)) {
      return fail(`refused an invalid request (${what}) with HTTP ${response.status} but not in the spec's error format: ${preview(response.body)}`);
    }
    return pass;
  },
});
