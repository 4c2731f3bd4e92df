import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type EmbeddedBroker } from '../../contract-tests/mock/mqtt-broker.js';
import { dockCloudHandlers } from '../../contract-tests/mock/dock-cloud/handlers.js';
import { seededRegistry } from '../../contract-tests/mock/dock-cloud/registry.js';
import { arbitrariesEmitter } from '../../generator/emit/arbitraries/index.js';
import { specNames } from '../../generator/emit/shared/spec-names.js';
import type { IrSpec } from '../../generator/ir/types.js';
import { irOf, repoRoot } from '../emit/fixtures.js';
import { DJI_SPEC, type GeneratedDji, generateDji, GENERATION_TIMEOUT_MS } from './helpers/generated-dji.js';
import { Clients, rawDock, sleep, type Envelope } from './helpers/mqtt.js';

/**
 * Properties of the generated client and handlers (over the dock cloud mock) with the generated
 * arbitraries: every valid request gets a valid reply that carries its tid, bid and method;
 * every invalid one gets an error reply (or, when it has no usable tid/bid to answer to, is
 * dropped) and never reaches a handler. fast-check prints the seed of a failure for replay.
 */
const RUNS = 50;
const GATEWAY = 'property-dock';

type Method = keyof GeneratedDji['modules']['methodValidators'];

let g: GeneratedDji;
let ir: IrSpec;
let broker: EmbeddedBroker;
const clients = new Clients();
let responder: Awaited<ReturnType<GeneratedDji['modules']['attachDjiDockOrganizationCloudHandlers']>>;
let dock: Awaited<ReturnType<typeof rawDock>>;
const handlerCalls: string[] = [];

beforeAll(async () => {
  [g, ir, broker] = await Promise.all([generateDji([arbitrariesEmitter]), irOf(`${repoRoot}/${DJI_SPEC}`), startBroker()]);
  const mock = dockCloudHandlers(seededRegistry(1));
  responder = await g.modules.attachDjiDockOrganizationCloudHandlers(await clients.connect(broker.url), {
    airportBindStatus: (data, context) => (handlerCalls.push(context.request.method), mock.airportBindStatus(data, context)),
    airportOrganizationGet: (data, context) => (handlerCalls.push(context.request.method), mock.airportOrganizationGet(data, context)),
    airportOrganizationBind: (data, context) => (handlerCalls.push(context.request.method), mock.airportOrganizationBind(data, context)),
  });
  dock = await rawDock(await clients.connect(broker.url), `thing/product/${GATEWAY}/requests`, `thing/product/${GATEWAY}/requests_reply`);
}, GENERATION_TIMEOUT_MS);
afterAll(async () => {
  await clients.endAll();
  await broker?.close();
  await g?.remove();
});

/** Publishes `message` and waits for the reply with its tid (earlier replies are forgotten first). */
async function roundTrip(message: unknown, tid: string): Promise<Envelope> {
  dock.replies.length = 0;
  await dock.send(JSON.stringify(message));
  return dock.reply(tid);
}

function correlatable(message: unknown): message is { tid: string; bid: string } {
  const m = message as Record<string, unknown> | null;
  return typeof m === 'object' && m !== null && !Array.isArray(m) && typeof m.tid === 'string' && m.tid !== '' && typeof m.bid === 'string' && m.bid !== '';
}

describe.each(['airport_bind_status', 'airport_organization_get', 'airport_organization_bind'] as Method[])('%s', (method) => {
  it('answers every valid request with a valid reply carrying its tid, bid and method', async () => {
    const validator = g.modules.methodValidators[method];
    await fc.assert(
      fc.asyncProperty(g.modules.methodArbitraries[method].valid, async (request) => {
        const reply = await roundTrip(request, request.tid);
        expect({ tid: reply.tid, bid: reply.bid, method: reply.method }).toEqual({ tid: request.tid, bid: request.bid, method });
        expect(validator.reply(reply), JSON.stringify(validator.reply.issues)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers every invalid request with an error reply and never calls the handler', async () => {
    const invalid = g.modules.methodArbitraries[method].invalid;
    expect(invalid, `${method} has constraints, so it has invalid requests`).toBeDefined();
    const before = handlerCalls.length;
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(invalid!, async ({ message, violation }) => {
        // The validator rejects it, as the arbitrary promises; then the handlers must say so.
        expect(g.modules.methodValidators[method].request(message)).toBe(false);
        if (correlatable(message)) {
          const reply = await roundTrip(message, message.tid);
          expect(reply.bid).toBe(message.bid);
          expect((reply.data as { result: number }).result, `${violation.description}: ${JSON.stringify(reply)}`).not.toBe(0);
          answered++;
        } else {
          // Nothing to address a reply to: dropped and counted, without a reply.
          const dropped = responder.stats.dropped;
          await dock.send(JSON.stringify(message));
          for (let waited = 0; responder.stats.dropped === dropped; waited += 5) {
            if (waited > 2000) throw new Error(`not dropped: ${violation.description}`);
            await sleep(5);
          }
        }
      }),
      { numRuns: RUNS },
    );
    expect(answered).toBeGreaterThan(0);
    expect(handlerCalls.length).toBe(before);
    expect(responder.stats.handlerFailed).toBe(0);
  });

  it('resolves a dock client call on any valid data with the typed output or a catalogued error', async () => {
    const client = new g.modules.DjiDockOrganizationDockClient(await clients.connect(broker.url), { gatewaySn: GATEWAY });
    const member = specNames(ir).methodMember(method) as 'airportBindStatus';
    const catalogued = new Set(ir.errorCatalogue.map((e) => e.code));
    try {
      await fc.assert(
        fc.asyncProperty(g.modules.methodArbitraries[method].valid, async (request) => {
          const outcome = await client[member](request.data as never).then(
            (output) => ({ output }),
            (error: unknown) => ({ error }),
          );
          if ('error' in outcome) {
            expect(outcome.error).toBeInstanceOf(g.errors.MqttReplyError);
            expect(catalogued.has((outcome.error as { result: number }).result)).toBe(true);
          }
        }),
        { numRuns: RUNS },
      );
      expect(client.stats).toMatchObject({ timedOut: 0, stray: 0, malformed: 0 });
    } finally {
      client.close();
    }
  });
});
