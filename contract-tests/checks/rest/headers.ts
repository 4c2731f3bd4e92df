/** Dropping a required request header gets the request refused, not served. */
import { documentedResponse, isSuccess } from '../../spec/facts.js';
import { fail, pass, preview, restOperationCheck, skip } from '../types.js';
import { deleteHeader } from './auth.js';

export const missingRequiredHeader = restOperationCheck({
  id: 'missing_required_header',
  description:
    'A request lacking a required header (a required header parameter, or one header of a security requirement made of several) is refused with a documented 4xx.',
  async run({ operation, base, credentials, api, send }) {
    const headerCredentials = credentials.filter((c) => c.in === 'header');
    const required = [
      ...operation.parameters.filter((p) => p.in === 'header' && p.required).map((p) => p.name),
      ...(headerCredentials.length > 1 ? headerCredentials.map((c) => c.name) : []),
    ];
    const present = required.filter((name) => Object.keys(base.headers).some((k) => k.toLowerCase() === name.toLowerCase()));
    if (present.length === 0) return skip('no required header to leave out');
    for (const name of present) {
      const headers = { ...base.headers };
      deleteHeader(headers, name);
      const exchange = await send({ ...base, headers });
      const { response } = exchange;
      if (!response) return fail(`request without ${name}: no response (${exchange.error ?? 'failed'})`, [exchange]);
      if (isSuccess(response.status)) return fail(`request without required header ${name} was served (HTTP ${response.status})`, [exchange]);
      const documented = documentedResponse(operation, response.status);
      if (response.status < 400 || response.status >= 500 || !documented) {
        return fail(`request without required header ${name} was answered HTTP ${response.status}, not a documented 4xx`, [exchange]);
      }
      const validator = api.validators[operation.id]?.responses[documented.status]?.body;
      if (validator && !validator(response.body)) return fail(`request without ${name} was refused but not in the spec's error format: ${preview(response.body)}`, [exchange]);
    }
    return pass;
  },
});
