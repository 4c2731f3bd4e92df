import { describe, expect, it } from 'vitest';
import { generateModules } from './helpers/generated-dji.js';
import { brokerPerTest, generatedPerFile } from './helpers/harness.js';

/**
 * A spec whose method names are `__proto__`, `constructor`, `stats`, `close` and a string full
 * of quotes and comment closers, whose topic parameters are `constructor`, `qos` and `tid`: the
 * generated client and handlers must still talk to each other.
 */
const SPEC = 'test/mqtt/fixtures/hostile-mqtt.asyncapi.yaml';

interface Output {
  echo: string;
}
type Method = (data: Record<string, unknown>, options?: object) => Promise<Output>;
type Context = Record<string, unknown>;
type Handler = (data: Record<string, unknown>, context: Context) => unknown;
interface HostileModules {
  HostileMqttDockClient: new (client: unknown, options: Record<string, unknown>) => Record<string, Method> & { stats_2: { matched: number }; close_2(): void };
  attachHostileMqttCloudHandlers(client: unknown, handlers: Record<string, Handler>): Promise<{ close(): Promise<void> }>;
  dockClientMethods: Record<string, unknown>;
}

const MEMBERS = { proto: '__proto__', stats: 'stats', constructor_: 'constructor', close: 'close', aBCScript: 'a"b*/`${c}\u2028</script>' };

const g = generatedPerFile(() => generateModules<HostileModules>(SPEC));
const mqtt = brokerPerTest();

describe('generated MQTT code for a hostile spec', () => {
  it('keeps every method name as an own key and every method callable end to end', async () => {
    expect(Object.keys(g.modules.dockClientMethods).sort()).toEqual(Object.values(MEMBERS).sort());
    const echo = (method: string): Handler => (data, context) => ({
      result: 0,
      output: { echo: [method, data['*/'], data.constructor, context.constructor_, context.qos, context.tid_2, typeof context.tid].join('|') },
    });
    const handlers = Object.fromEntries(Object.entries(MEMBERS).map(([member, method]) => [member, echo(method)]));
    const responder = await g.modules.attachHostileMqttCloudHandlers(await mqtt.connect(), handlers);
    const dock = new g.modules.HostileMqttDockClient(await mqtt.connect(), { constructor_: 'c1', qos_2: 'q1', tid: 't1' });

    for (const [member, method] of Object.entries(MEMBERS)) {
      const output = await dock[member]!({ '*/': `*/ ${member}`, constructor: 7 });
      expect(output.echo).toBe([method, `*/ ${member}`, 7, 'c1', 'q1', 't1', 'string'].join('|'));
    }
    expect(dock.stats_2.matched).toBe(Object.keys(MEMBERS).length);
    dock.close_2();
    await responder.close();
  });

  it('carries a `__proto__` key of the data as an own property, validated like any other', async () => {
    const seen: unknown[] = [];
    const record: Handler = (data) => {
      seen.push(Object.getPrototypeOf(data) === Object.prototype && Object.hasOwn(data, '__proto__') ? (data as Record<string, unknown>)['__proto__'] : 'not own');
      return { result: 0, output: { echo: 'ok' } };
    };
    const responder = await g.modules.attachHostileMqttCloudHandlers(await mqtt.connect(), Object.fromEntries(Object.keys(MEMBERS).map((member) => [member, record])));
    const dock = new g.modules.HostileMqttDockClient(await mqtt.connect(), { constructor_: 'c', qos_2: 'q', tid: 't' });
    await expect(dock.proto!(JSON.parse('{"*/": "x", "constructor": 1, "__proto__": "p"}'))).resolves.toEqual({ echo: 'ok' });
    await expect(dock.proto!(JSON.parse('{"*/": "x", "constructor": 1, "__proto__": 2}'))).rejects.toMatchObject({ result: 9001 });
    expect(seen).toEqual(['p']);
    dock.close_2();
    await responder.close();
  });

  it("answers a failing handler with its method's code from x-error-roles, or the runtime default", async () => {
    const fail: Handler = () => {
      throw new Error('no');
    };
    const responder = await g.modules.attachHostileMqttCloudHandlers(
      await mqtt.connect(),
      Object.fromEntries(Object.keys(MEMBERS).map((member) => [member, fail])),
    );
    const dock = new g.modules.HostileMqttDockClient(await mqtt.connect(), { constructor_: 'c', qos_2: 'q', tid: 't' });
    await expect(dock.constructor_!({ '*/': '', constructor: 1 })).rejects.toMatchObject({ result: 9002 });
    await expect(dock.aBCScript!({ '*/': '', constructor: 1 })).rejects.toMatchObject({ result: -1 });
    await expect(dock.proto!({ '*/': '' })).rejects.toMatchObject({ result: 9001 });
    dock.close_2();
    await responder.close();
  });
});
