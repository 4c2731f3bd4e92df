/**
 * Fault injection for the contract runner's tests: an HTTP proxy in front of the embedded Gizwits
 * mock and an MQTT relay between the runner's broker and the dock cloud mock's, each planting one
 * fault at a time, and a quiet `runContract` with small, fast settings.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectAsync, type MqttClient } from 'mqtt';
import { startBroker } from '../../contract-tests/mock/mqtt-broker.js';
import { runContract } from '../../contract-tests/run/index.js';
import type { ContractOptions } from '../../contract-tests/run/options.js';
import type { RunReport } from '../../contract-tests/report/model.js';
import { startEmbeddedMqtt, startEmbeddedRest, type EmbeddedMqtt, type EmbeddedRest } from '../../contract-tests/targets/embedded.js';

export interface ProxiedRequest {
  method: string;
  /** Path and query, e.g. `/v1/products/pk/summary?x=1`. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface ProxiedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Changes a request before it is forwarded, or answers in place of the target, or answers late. */
export interface HttpFault {
  request?(request: ProxiedRequest): ProxiedRequest | ProxiedResponse;
  response?(request: ProxiedRequest, response: ProxiedResponse): ProxiedResponse;
  /** Holds every answer this long before sending it. */
  delayMs?: number;
}

export interface FaultyProxy {
  url: string;
  fault: HttpFault | undefined;
  close(): Promise<void>;
}

export async function startProxy(upstream: string): Promise<FaultyProxy> {
  const proxy: FaultyProxy = { url: '', fault: undefined, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      let request: ProxiedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: flat(req.headers), body: Buffer.concat(chunks).toString('utf8') };
      const early = proxy.fault?.request?.(request);
      let response: ProxiedResponse;
      if (early && 'status' in early) response = early;
      else {
        if (early) request = early;
        const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => !['host', 'connection', 'content-length', 'transfer-encoding'].includes(k)));
        const upstreamResponse = await fetch(upstream + request.url, { method: request.method, headers, ...(request.body === '' ? {} : { body: request.body }) });
        const responseHeaders: Record<string, string> = {};
        upstreamResponse.headers.forEach((v, k) => (responseHeaders[k] = v));
        response = { status: upstreamResponse.status, headers: responseHeaders, body: await upstreamResponse.text() };
        response = proxy.fault?.response?.(request, response) ?? response;
      }
      const delayMs = proxy.fault?.delayMs ?? 0;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const headers = Object.fromEntries(Object.entries(response.headers).filter(([k]) => !['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)));
      res.writeHead(response.status, { ...headers, 'content-length': String(Buffer.byteLength(response.body)) });
      res.end(response.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}

function flat(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v]])));
}

/** Changes or drops (undefined) a reply on its way from the dock cloud to the runner. */
export type MqttFault = (topic: string, reply: Record<string, unknown>) => { topic: string; reply: unknown } | undefined;

export interface FaultyRelay {
  url: string;
  gatewaySn: string;
  params: Record<string, string>;
  fault: MqttFault | undefined;
  close(): Promise<void>;
}

/** The runner's broker, relayed to and from the broker the dock cloud mock answers on. */
export async function startRelay(inner: EmbeddedMqtt): Promise<FaultyRelay> {
  const outer = await startBroker({ port: 0 });
  const up: MqttClient = await connectAsync(outer.url);
  const down: MqttClient = await connectAsync(inner.url);
  const relay: FaultyRelay = { url: outer.url, gatewaySn: inner.gatewaySn, params: inner.params, fault: undefined, close: async () => undefined };
  await up.subscribeAsync('thing/product/+/requests', { qos: 1 });
  await down.subscribeAsync('thing/product/+/requests_reply', { qos: 1 });
  up.on('message', (topic, payload) => down.publish(topic, payload, { qos: 1 }));
  down.on('message', (topic, payload) => {
    const reply = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    const out = relay.fault ? relay.fault(topic, reply) : { topic, reply };
    if (out) up.publish(out.topic, JSON.stringify(out.reply), { qos: 1 });
  });
  relay.close = async () => {
    await up.endAsync();
    await down.endAsync();
    await outer.close();
  };
  return relay;
}

export interface Targets {
  rest: EmbeddedRest;
  mqtt: EmbeddedMqtt;
  close(): Promise<void>;
}

export async function startTargets(seed = 1): Promise<Targets> {
  const [rest, mqtt] = await Promise.all([startEmbeddedRest(seed), startEmbeddedMqtt(seed)]);
  return {
    rest,
    mqtt,
    async close() {
      await Promise.all([rest.close(), mqtt.close()]);
    },
  };
}

/** `runContract` with small, quiet defaults; the progress lines are kept for assertions. */
export async function run(overrides: Partial<ContractOptions>): Promise<RunReport & { progress: string[] }> {
  const progress: string[] = [];
  const report = await runContract({
    credentials: {},
    params: {},
    checks: [],
    excludeChecks: [],
    maxExamples: 10,
    seed: 1,
    workers: 4,
    timeoutMs: 1000,
    maxResponseTimeMs: 2000,
    timestampWindowMs: 300_000,
    rest: true,
    mqtt: true,
    stateful: true,
    cwd: process.cwd(),
    progress: (line) => progress.push(line),
    ...overrides,
  });
  return { ...report, progress };
}

/** The ids of the checks that failed, sorted. */
export function failedChecks(report: RunReport): string[] {
  return [...new Set(report.failures.map((f) => f.check))].sort();
}
