/** Answers come in time, over HTTP and over MQTT. */
import { exchangeCheck, fail, pass, skip } from './types.js';

export const maxResponseTime = exchangeCheck({
  id: 'max_response_time',
  description: 'A response (REST) or reply (MQTT) arrives within the configured time (--max-response-time, default 2000 ms).',
  run(context) {
    const limit = context.settings.maxResponseTimeMs;
    if (context.protocol === 'rest') {
      if (!context.exchange.response) return skip('no response');
      const ms = Math.round(context.exchange.elapsedMs);
      return ms <= limit ? pass : fail(`the response took ${ms} ms, more than ${limit} ms`);
    }
    const { reply, sentAt } = context.transaction;
    if (!reply) return skip('no reply');
    const ms = Math.round(reply.at - sentAt);
    return ms <= limit ? pass : fail(`the reply took ${ms} ms, more than ${limit} ms`);
  },
});
