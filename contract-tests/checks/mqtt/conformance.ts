/** Replies match their schemas and the spec's result codes; invalid requests are refused. */
import { isRecord } from '../../../generator/runtime/mqtt-envelope.js';
import { formatIssues } from '../../../generator/runtime/validation.js';
import { fail, mqttExchangeCheck, pass, preview, skip } from '../types.js';

export const replySchemaConformance = mqttExchangeCheck({
  id: 'reply_schema_conformance',
  description: "The reply to a valid request matches the method's reply schema.",
  run({ sample, transaction, api, method }) {
    // An error reply to a broken request echoes what it got (a tid that is no UUID, say): only replies to valid requests must match.
    if (sample.kind !== 'valid') return skip('not a valid sample');
    const { reply } = transaction;
    if (!reply) return skip('no reply');
    const validator = api.validators[method.name]?.reply;
    if (!validator) return skip('no reply schema');
    return validator(reply.payload) ? pass : fail(`the reply does not match ${method.reply.name}: ${formatIssues(validator.issues)}; reply: ${preview(reply.payload, 300)}`);
  },
});

export const replyResultConformance = mqttExchangeCheck({
  id: 'reply_result_conformance',
  description: "A reply's data.result is 0 with a valid output, or a non-zero code of the spec's error codes with at most a message string.",
  run({ transaction, api, method, sample }) {
    const { reply } = transaction;
    if (!reply) return skip('no reply');
    const data = isRecord(reply.payload) && isRecord(reply.payload.data) ? reply.payload.data : undefined;
    if (!data) return fail(`the reply has no data object: ${preview(reply.payload)}`);
    const result = data.result;
    if (!Number.isInteger(result)) return fail(`data.result is ${preview(result)}, not an integer`);
    if (result === 0) {
      if (sample.kind !== 'valid') return pass;
      const validator = api.validators[method.name]?.reply;
      if (!validator || validator(reply.payload)) return pass;
      const issues = validator.issues.filter((i) => i.path.startsWith('/data'));
      return issues.length === 0 ? pass : fail(`result 0 with an invalid output: ${formatIssues(issues)}`);
    }
    if (api.catalogue.size > 0 && !api.catalogue.has(result as number) && !api.roles.all.has(result as number)) {
      const known = [...api.catalogue.keys()].sort((a, b) => a - b).join(', ');
      return fail(`data.result ${String(result)} is not one of the spec's error codes (${known})`);
    }
    if (data.output !== undefined && typeof data.output !== 'string') return fail(`an error reply's output is ${preview(data.output)}, not a message string`);
    return pass;
  },
});

export const negativeRequestRejection = mqttExchangeCheck({
  id: 'negative_request_rejection',
  description: 'An invalid request gets an error reply (non-zero result), or no reply while the responder keeps answering valid requests.',
  run({ sample, transaction, responderAlive }) {
    if (sample.kind !== 'invalid') return skip('not an invalid sample');
    const what = sample.violation ? `${sample.violation.description} [${sample.violation.keyword}]` : 'an invalid request';
    const { reply } = transaction;
    if (reply) {
      const data = isRecord(reply.payload) && isRecord(reply.payload.data) ? reply.payload.data : undefined;
      return data?.result === 0 ? fail(`accepted an invalid request (${what}): the reply has result 0`) : pass;
    }
    if (responderAlive === false) return fail(`no reply to an invalid request (${what}), and afterwards the responder no longer answered a valid request`);
    return pass;
  },
});
