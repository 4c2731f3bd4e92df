/**
 * Bench baseline: a bare node:http server answering every request with one fixed JSON body (the
 * mock's answer to the measured request, given as argv[2]) and the same rate-limit headers.
 * Prints one JSON line with its URL.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = Buffer.from(process.argv[2] ?? '{}');
const headers = {
  'content-type': 'application/json',
  'content-length': String(body.length),
  'x-ratelimit-limit': '3600',
  'x-ratelimit-remaining': '3599',
  'x-ratelimit-reset': '1700000000',
};
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }) + '\n');
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
