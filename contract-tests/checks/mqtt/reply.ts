/** A request is answered, on the right topic, by a reply that echoes its tid, bid and method. */
import { isRecord } from '../../../generator/runtime/mqtt-envelope.js';
import { fail, mqttExchangeCheck, pass, preview, skip } from '../types.js';

export const replyReceived = mqttExchangeCheck({
  id: 'reply_received',
  description: 'A valid request gets a reply with the same tid and bid within the timeout.',
  run({ sample, transaction }) {
    if (sample.kind !== 'valid') return skip('not a valid sample');
    if (transaction.reply) return pass;
    const { tid, bid } = ids(transaction.request);
    const near = transaction.nearMisses.length > 0 ? `; ${transaction.nearMisses.length} reply(ies) matched only one of tid/bid (see reply_correlation)` : '';
    return fail(`no reply with tid ${tid} and bid ${bid} on ${transaction.replyTopic} within ${Math.round(transaction.waitedMs)} ms${near}`);
  },
});

export const replyCorrelation = mqttExchangeCheck({
  id: 'reply_correlation',
  description: "A reply carries its request's tid, bid and method, and arrives on the reply topic of the request's gateway.",
  run({ transaction }) {
    const { reply, nearMisses, replyTopic } = transaction;
    const request = ids(transaction.request);
    if (!reply) {
      const miss = nearMisses[0];
      if (!miss) return skip('no reply');
      const got = ids(miss.payload);
      const wrong = got.tid === request.tid ? `bid ${got.bid} (the request's is ${request.bid})` : `tid ${got.tid} (the request's is ${request.tid})`;
      return fail(`a reply on ${miss.topic} answers tid ${request.tid}/bid ${request.bid} with the wrong ${wrong}`);
    }
    if (reply.topic !== replyTopic) return fail(`the reply arrived on ${reply.topic}, not on ${replyTopic}`);
    const got = ids(reply.payload);
    // A request without a usable method (a broken sample) has nothing to echo.
    const echoable = typeof request.method === 'string' && request.method !== '';
    if (echoable && got.method !== request.method) return fail(`the reply's method is ${preview(got.method)}, the request's ${preview(request.method)}`);
    return pass;
  },
});

export const timestampSanity = mqttExchangeCheck({
  id: 'timestamp_sanity',
  description: "A reply's timestamp is epoch milliseconds (13 digits) within the configured window of the local clock.",
  run({ transaction, settings }) {
    const { reply } = transaction;
    if (!reply) return skip('no reply');
    const timestamp = isRecord(reply.payload) ? reply.payload.timestamp : undefined;
    if (!Number.isInteger(timestamp)) return fail(`the reply's timestamp is ${preview(timestamp)}, not an integer`);
    const ms = timestamp as number;
    if (String(Math.abs(ms)).length !== 13) return fail(`the reply's timestamp ${ms} is not 13-digit epoch milliseconds`);
    const drift = ms - reply.at;
    if (Math.abs(drift) > settings.timestampWindowMs) {
      return fail(`the reply's timestamp ${ms} is ${Math.round(Math.abs(drift) / 1000)} s ${drift < 0 ? 'behind' : 'ahead of'} the local clock (window ±${settings.timestampWindowMs / 1000} s)`);
    }
    return pass;
  },
});

function ids(payload: unknown): { tid: unknown; bid: unknown; method: unknown } {
  const record = isRecord(payload) ? payload : {};
  return { tid: record.tid, bid: record.bid, method: record.method };
}
