/**
 * Bench reference: fastify answering every GET with the same fixed JSON body and rate-limit
 * headers as serve-bare.ts, with no validation, auth or state. It is the floor of a stub built
 * on fastify: what the framework costs before any of the work the generated node:http server does.
 * Prints one JSON line with its URL.
 */
import Fastify from 'fastify';

const body = process.argv[2] ?? '{}';
const headers = { 'x-ratelimit-limit': '3600', 'x-ratelimit-remaining': '3599', 'x-ratelimit-reset': '1700000000' };
const app = Fastify({ logger: false });
app.get('/*', (_request, reply) => {
  void reply.headers(headers).type('application/json').send(body);
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(JSON.stringify({ url }) + '\n');
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
