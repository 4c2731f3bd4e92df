/**
 * A `fetch` over `node:http`/`node:https` with keep-alive agents, for `sendRequest`: a contract
 * run sends thousands of small requests, and the global fetch's stream machinery costs more per
 * request than the exchange itself.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { FetchLike } from '../../generator/runtime/http-request.js';

export function keepAliveFetch(maxSockets = 16): FetchLike & { close(): void } {
  const agents = { http: new HttpAgent({ keepAlive: true, maxSockets }), https: new HttpsAgent({ keepAlive: true, maxSockets }) };
  const fetchLike = (url: string, init: RequestInit): Promise<Response> =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => (headers[name] = value));
      const body = typeof init.body === 'string' ? Buffer.from(init.body) : undefined;
      // node:http frames DELETE (and GET) bodies only with an explicit length.
      if (body) headers['content-length'] = String(body.length);
      const req = (secure ? httpsRequest : httpRequest)(target, { method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http });
      const signal = init.signal;
      const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      if (signal) {
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
      }
      req.on('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
      });
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          signal?.removeEventListener('abort', onAbort);
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
            else if (value !== undefined) responseHeaders.set(name, value);
          }
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 599) return reject(new TypeError(`fetch failed: HTTP status ${status} cannot be represented`));
          const body = status === 204 || status === 304 || chunks.length === 0 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
        });
      });
      req.end(body);
    });
  return Object.assign(fetchLike, {
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  });
}
