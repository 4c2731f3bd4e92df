/**
 * MQTT request/reply benchmark: round trips per second and p99 latency of the generated DJI dock
 * client and cloud handlers through the embedded broker, next to a bare mqtt.js publish/subscribe
 * echo on the same broker with the same QoS (requests 1, replies 2), the same payloads (byte for
 * byte the generated run's request and reply) and the same number of requests in flight.
 *
 *   npm run bench:mqtt [-- --seconds 2.5]
 *
 * The goal is that the generated path keeps at least half the bare echo's throughput.
 */
import type { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { connectAsync, type MqttClient } from 'mqtt';
import { startBroker, type EmbeddedBroker } from '../../../contract-tests/mock/mqtt-broker.js';
import { DEMO } from '../../../contract-tests/mock/dock-cloud/demo.js';
import { dockCloudHandlers } from '../../../contract-tests/mock/dock-cloud/handlers.js';
import { seededRegistry } from '../../../contract-tests/mock/dock-cloud/registry.js';
import { attachDjiDockOrganizationCloudHandlers, DjiDockOrganizationDockClient } from '../../../generated/dji-dock-organization/index.js';

const CONCURRENCY = [1, 16] as const;
const WARMUP_MS = 300;
/** Each path's time at one concurrency is split into this many alternating slices. */
const SLICES = 5;
const GOAL = 0.5;
const REQUEST_TOPIC = `thing/product/${DEMO.gatewaySn}/requests`;
const REPLY_TOPIC = `thing/product/${DEMO.gatewaySn}/requests_reply`;
/** The bare echo's topics: as long as the generated ones, but out of the generated handlers' sight. */
const BARE_FILTER = 'thing/echoers/+/requests';
const BARE_REQUEST_TOPIC = `thing/echoers/${DEMO.gatewaySn}/requests`;
const BARE_REPLY_TOPIC = `thing/echoers/${DEMO.gatewaySn}/requests_reply`;
const DATA = { devices: [{ sn: DEMO.gatewaySn }, { sn: DEMO.boundDevice.sn }] };

interface Result {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Latencies (ms) and busy time of one path, gathered over several slices. */
class Sample {
  readonly latencies: number[] = [];
  elapsedMs = 0;

  result(): Result {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
    return { perSecond: (sorted.length / this.elapsedMs) * 1000, p50Ms: at(0.5), p99Ms: at(0.99) };
  }
}

/** Runs `call` from `concurrency` loops for `ms`, adding each round trip's latency to `sample` (if any). */
async function run(call: () => Promise<unknown>, concurrency: number, ms: number, sample?: Sample): Promise<void> {
  const started = performance.now();
  const loop = async () => {
    while (performance.now() < started + ms) {
      const begun = performance.now();
      await call();
      sample?.latencies.push(performance.now() - begun);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  if (sample) sample.elapsedMs += performance.now() - started;
}

/**
 * Both paths at one concurrency, in alternating slices, so that load from other processes on the
 * machine falls on both alike and the ratio stays meaningful.
 */
async function compare(paths: { bare: () => Promise<unknown>; generated: () => Promise<unknown> }, concurrency: number, ms: number) {
  const bare = new Sample();
  const generated = new Sample();
  await run(paths.bare, concurrency, WARMUP_MS);
  await run(paths.generated, concurrency, WARMUP_MS);
  for (let slice = 0; slice < SLICES; slice++) {
    await run(paths.bare, concurrency, ms / SLICES, bare);
    await run(paths.generated, concurrency, ms / SLICES, generated);
  }
  return { bare: bare.result(), generated: generated.result() };
}

/** The generated path; also records one request and one reply payload as they went over the wire. */
async function generatedPath(broker: EmbeddedBroker, connect: () => Promise<MqttClient>) {
  const responder = await attachDjiDockOrganizationCloudHandlers(await connect(), dockCloudHandlers(seededRegistry(1)));
  const dock = new DjiDockOrganizationDockClient(await connect(), { gatewaySn: DEMO.gatewaySn });
  const wire: { request?: string; reply?: string } = {};
  const record = (packet: { topic: string; payload: Buffer | string }) => {
    if (packet.topic === REQUEST_TOPIC) wire.request ??= packet.payload.toString();
    if (packet.topic === REPLY_TOPIC) wire.reply ??= packet.payload.toString();
  };
  broker.aedes.on('publish', record);
  await dock.airportBindStatus(DATA);
  // aedes reports a publish once routed, which can trail its delivery.
  for (let waited = 0; wire.reply === undefined && waited < 1000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  broker.aedes.removeListener('publish', record);
  if (wire.request === undefined || wire.reply === undefined) throw new Error('the generated round trip was not seen on the broker');
  return {
    call: () => dock.airportBindStatus(DATA),
    wire: { request: wire.request, reply: wire.reply },
    stats: () => ({ client: dock.stats, responder: responder.stats }),
    close: async () => {
      dock.close();
      await responder.close();
    },
  };
}

/**
 * The baseline: a requester that publishes the recorded request with a fresh tid and waits for
 * the reply carrying it, and an echo that answers each request with the recorded reply under
 * the request's tid. JSON is parsed on both sides, as any correlating client must.
 */
async function barePath(connect: () => Promise<MqttClient>, wire: { request: string; reply: string }) {
  const requestTid = (JSON.parse(wire.request) as { tid: string }).tid;
  // As fast as mqtt.js gets: without TCP_NODELAY (which the generated side sets) every hop would
  // wait for a delayed ACK.
  const connectFast = async () => {
    const client = await connect();
    (client.stream as Socket).setNoDelay(true);
    return client;
  };
  const replyTid = (JSON.parse(wire.reply) as { tid: string }).tid;
  const echo = await connectFast();
  echo.on('message', (topic, payload) => {
    const { tid } = JSON.parse(payload.toString()) as { tid: string };
    echo.publish(`${topic}_reply`, wire.reply.replace(replyTid, tid), { qos: 2 });
  });
  await echo.subscribeAsync(BARE_FILTER, { qos: 1 });

  const requester = await connectFast();
  const waiting = new Map<string, () => void>();
  requester.on('message', (_topic, payload) => {
    const { tid } = JSON.parse(payload.toString()) as { tid: string };
    waiting.get(tid)?.();
    waiting.delete(tid);
  });
  await requester.subscribeAsync(BARE_REPLY_TOPIC, { qos: 2 });
  return {
    call: () =>
      new Promise<void>((resolve) => {
        const tid = crypto.randomUUID();
        waiting.set(tid, resolve);
        requester.publish(BARE_REQUEST_TOPIC, wire.request.replace(requestTid, tid), { qos: 1 });
      }),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2.5' } } });
  const ms = Number(values.seconds) * 1000;
  if (!(ms > 0)) throw new Error(`--seconds must be a positive number, got ${values.seconds}`);

  const broker = await startBroker();
  const clients: MqttClient[] = [];
  const connect = async () => {
    const client = await connectAsync(broker.url);
    clients.push(client);
    return client;
  };
  try {
    const generated = await generatedPath(broker, connect);
    const bare = await barePath(connect, generated.wire);
    console.log(
      `MQTT request/reply through the embedded broker (aedes): airport_bind_status, request ${generated.wire.request.length} B at QoS 1, ` +
        `reply ${generated.wire.reply.length} B at QoS 2; per path and concurrency ${ms / 1000} s in ${SLICES} slices alternating with the other path, after ${WARMUP_MS} ms warm-up\n`,
    );
    const rows: string[][] = [['in flight', 'path', 'round trips/s', 'p50 ms', 'p99 ms', 'generated / bare']];
    let worst = Infinity;
    for (const concurrency of CONCURRENCY) {
      const { bare: b, generated: g } = await compare({ bare: bare.call, generated: generated.call }, concurrency, ms);
      const ratio = g.perSecond / b.perSecond;
      worst = Math.min(worst, ratio);
      rows.push([String(concurrency), 'bare mqtt.js echo', b.perSecond.toFixed(0), b.p50Ms.toFixed(2), b.p99Ms.toFixed(2), '']);
      rows.push([String(concurrency), 'generated client + handlers', g.perSecond.toFixed(0), g.p50Ms.toFixed(2), g.p99Ms.toFixed(2), `${(ratio * 100).toFixed(0)}%`]);
    }
    console.log(table(rows));
    const { client, responder } = generated.stats();
    console.log(`\ngenerated client: ${client.matched} matched, ${client.timedOut} timed out, ${client.stray} stray; handlers: ${responder.replied} replied, ${responder.invalid + responder.handlerFailed} errors`);
    console.log(`goal: generated ≥ ${GOAL * 100}% of bare throughput at every concurrency: ${worst >= GOAL ? 'met' : 'NOT met'} (worst ${(worst * 100).toFixed(0)}%)`);
    await generated.close();
  } finally {
    await Promise.all(clients.map((c) => c.endAsync()));
    await broker.close();
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

await main();
