/** Status, content type, headers and body of a response against the operation's documented responses. */
import { mediaTypeOf } from '../../../generator/runtime/rest-server-request.js';
import { formatIssues } from '../../../generator/runtime/validation.js';
import { documentedResponse, documentedStatuses } from '../../spec/facts.js';
import { fail, pass, preview, restExchangeCheck, skip } from '../types.js';

const NO_RESPONSE = skip('no response');
const UNDOCUMENTED = skip('status not documented (status_code_conformance)');

export const statusCodeConformance = restExchangeCheck({
  id: 'status_code_conformance',
  description: 'Every response status is documented for the operation (exactly, by class such as 4XX, or by default).',
  run({ exchange, operation }) {
    const { response } = exchange;
    if (!response) return NO_RESPONSE;
    if (documentedResponse(operation, response.status)) return pass;
    return fail(`HTTP ${response.status} is not documented; documented: ${documentedStatuses(operation)}`);
  },
});

export const contentTypeConformance = restExchangeCheck({
  id: 'content_type_conformance',
  description: 'A response with a body has a Content-Type the documented response lists; one documented without a body has none.',
  run({ exchange, operation }) {
    const { response } = exchange;
    if (!response) return NO_RESPONSE;
    const documented = documentedResponse(operation, response.status);
    if (!documented) return UNDOCUMENTED;
    const declared = documented.contents.map((c) => c.contentType);
    if (declared.length === 0) {
      return response.body === undefined ? pass : fail(`HTTP ${response.status} is documented without a body, but one was sent: ${preview(response.body)}`);
    }
    const actual = mediaTypeOf(response.contentType);
    if (actual === undefined) return fail(`HTTP ${response.status} has no Content-Type; documented: ${declared.join(', ')}`);
    if (declared.some((d) => mediaTypeMatches(d, actual))) return pass;
    return fail(`HTTP ${response.status} has Content-Type ${response.contentType}; documented: ${declared.join(', ')}`);
  },
});

/** `application/json` against a documented `application/json`, `application/*` or `*\/*`. */
function mediaTypeMatches(declared: string, actual: string): boolean {
  const [type, subtype] = (mediaTypeOf(declared) ?? '').split('/');
  const [actualType, actualSubtype] = actual.split('/');
  return (type === '*' || type === actualType) && (subtype === '*' || subtype === actualSubtype);
}

export const responseHeadersConformance = restExchangeCheck({
  id: 'response_headers_conformance',
  description: 'Required response headers are present and every documented header is valid by its schema (e.g. X-RateLimit-*).',
  run({ exchange, operation, api }) {
    const { response } = exchange;
    if (!response) return NO_RESPONSE;
    const documented = documentedResponse(operation, response.status);
    if (!documented) return UNDOCUMENTED;
    if (documented.headers.length === 0) return skip('no documented headers');
    const missing = documented.headers.filter((h) => h.required && response.headers[h.name.toLowerCase()] === undefined).map((h) => h.name);
    if (missing.length > 0) return fail(`HTTP ${response.status} lacks required header(s) ${missing.join(', ')}`);
    const validator = api.validators[operation.id]?.responses[documented.status]?.headers;
    if (!validator) return pass;
    const values: Record<string, unknown> = {};
    for (const h of documented.headers) {
      const value = response.headers[h.name.toLowerCase()];
      if (value !== undefined) values[h.name] = value;
    }
    const shown = Object.entries(values).map(([k, v]) => `${k}: ${String(v)}`).join(', ');
    return validator(values) ? pass : fail(`HTTP ${response.status} headers do not match the spec: ${formatIssues(validator.issues)} (${shown})`);
  },
});

export const responseSchemaConformance = restExchangeCheck({
  id: 'response_schema_conformance',
  description: 'A response body matches the schema of its documented response.',
  run({ exchange, operation, api }) {
    const { response } = exchange;
    if (!response) return NO_RESPONSE;
    const documented = documentedResponse(operation, response.status);
    if (!documented) return UNDOCUMENTED;
    const validator = api.validators[operation.id]?.responses[documented.status]?.body;
    if (!validator) return skip('no body schema documented');
    if (validator(response.body)) return pass;
    return fail(`HTTP ${response.status} body does not match the spec: ${formatIssues(validator.issues)}; body: ${preview(response.body)}`);
  },
});
