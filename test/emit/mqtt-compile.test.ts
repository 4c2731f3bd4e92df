import { describe, expect, it } from 'vitest';
import { mqttClientEmitter } from '../../generator/emit/mqtt-client/index.js';
import { mqttHandlersEmitter } from '../../generator/emit/mqtt-handlers/index.js';
import { typesEmitter } from '../../generator/emit/types/index.js';
import { validatorsEmitter } from '../../generator/emit/validators/index.js';
import { generateSpec } from '../../generator/generate/generate.js';
import { typecheckFiles } from '../helpers/typecheck.js';
import { fixtureDir, irOf, repoRoot, specDir } from './fixtures.js';

const SPECS = {
  dji: `${specDir}/dji-dock-organization.asyncapi.yaml`,
  hostile: `${repoRoot}/test/mqtt/fixtures/hostile-mqtt.asyncapi.yaml`,
  mini: `${fixtureDir}/mini.asyncapi.yaml`,
  jobs: `${repoRoot}/test/fixtures/ir/jobs.asyncapi.yaml`,
};

const PRELUDE = `import type { MqttClient } from 'mqtt';
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function expectTrue<_ extends true>(): void {}
declare const client: MqttClient;
`;

/** Type-level facts about the DJI client and handlers: signatures are the spec's types. */
const DJI_CHECKS = `${PRELUDE}
import type * as T from './types.js';
import { DjiDockOrganizationDockClient } from './dock-client.js';
import { attachDjiDockOrganizationCloudHandlers, type DjiDockOrganizationCloudHandlers, type AirportOrganizationGetHandlerResult } from './cloud-handlers.js';

type Client = DjiDockOrganizationDockClient;
expectTrue<Equal<Parameters<Client['airportBindStatus']>[0], T.AirportBindStatusRequestData>>();
expectTrue<Equal<ReturnType<Client['airportBindStatus']>, Promise<T.AirportBindStatusReplyOutput>>>();
expectTrue<Equal<Parameters<Client['airportOrganizationGet']>[0], T.AirportOrganizationGetRequestData>>();
expectTrue<Equal<ReturnType<Client['airportOrganizationGet']>, Promise<T.AirportOrganizationGetReplyOutput>>>();
expectTrue<Equal<Parameters<Client['airportOrganizationBind']>[0], T.AirportOrganizationBindRequestData>>();
expectTrue<Equal<ReturnType<Client['airportOrganizationBind']>, Promise<T.AirportOrganizationBindReplyOutput>>>();
expectTrue<Equal<keyof Client, 'airportBindStatus' | 'airportOrganizationGet' | 'airportOrganizationBind' | 'stats' | 'close'>>();

const dock = new DjiDockOrganizationDockClient(client, { gatewaySn: 'sn', timeoutMs: 100, retries: 0, qos: { request: 0, reply: 1 }, validateReplies: false });
// @ts-expect-error the gateway SN fills the topics and is required
new DjiDockOrganizationDockClient(client, {});
// @ts-expect-error QoS is 0, 1 or 2
new DjiDockOrganizationDockClient(client, { gatewaySn: 'sn', qos: { request: 3 } });
// @ts-expect-error devices is required
void dock.airportBindStatus({});
void dock.airportOrganizationGet({ device_binding_code: 'c', organization_id: 'o' }, { bid: 'b', signal: new AbortController().signal });

const handlers: DjiDockOrganizationCloudHandlers = {
  airportBindStatus: (data, context) => {
    expectTrue<Equal<typeof data, T.AirportBindStatusRequestData>>();
    expectTrue<Equal<typeof context.request, T.AirportBindStatusRequest>>();
    expectTrue<Equal<typeof context.gatewaySn, string>>();
    return { result: 0, output: { bind_status: [] } };
  },
  airportOrganizationGet: async () => ({ result: 210230, output: 'get organization failed' }),
  airportOrganizationBind: (data) => ({ result: 0, output: { err_infos: data.bind_devices.map((d) => ({ sn: d.sn, err_code: 0 })) } }),
};
expectTrue<Equal<Extract<AirportOrganizationGetHandlerResult, { result: 0 }>, { result: 0; output: T.AirportOrganizationGetReplyOutput }>>();
// @ts-expect-error every method needs a handler
const missing: DjiDockOrganizationCloudHandlers = { airportBindStatus: handlers.airportBindStatus, airportOrganizationGet: handlers.airportOrganizationGet };
void missing;
void attachDjiDockOrganizationCloudHandlers(client, handlers, { qos: { subscribe: 0, reply: 1 }, log: (event) => void event.kind });
`;

/** Hostile names: the class's own members and the options make room for the methods and parameters. */
const HOSTILE_CHECKS = `${PRELUDE}
import { HostileMqttDockClient, dockClientMethods } from './dock-client.js';
import type { HostileMqttCloudHandlers, HostileMqttHandlerContext, StatsHandlerResult_2, HostileMqttCloudHandlersOptions_2 } from './cloud-handlers.js';
import type { HostileMqttDockCallOptions_2 } from './dock-client.js';
import type * as Index from './index.js';
type Client = HostileMqttDockClient;
expectTrue<Equal<keyof Client, 'proto' | 'stats' | 'constructor_' | 'close' | 'aBCScript' | 'stats_2' | 'close_2'>>();
expectTrue<Equal<keyof typeof dockClientMethods, '__proto__' | 'stats' | 'constructor' | 'close' | 'a"b*/\`\${c}\\u2028</script>'>>();
const dock = new HostileMqttDockClient(client, { constructor_: 'c', qos_2: 'q', tid: 't', qos: { request: 1 } });
void dock.proto({ '*/': 'x', constructor: 1 });
void dock.proto({ '*/': 'x', constructor: 1, ['__proto__']: 'p' });
// @ts-expect-error the __proto__ property is a string
void dock.proto({ '*/': 'x', constructor: 1, ['__proto__']: 2 });
expectTrue<Equal<keyof HostileMqttHandlerContext<unknown>, 'constructor_' | 'qos' | 'tid_2' | 'tid' | 'bid' | 'request'>>();
expectTrue<Equal<keyof HostileMqttCloudHandlers, 'proto' | 'stats' | 'constructor_' | 'close' | 'aBCScript'>>();
// Schemas named like the modules' exports keep their names; the modules' exports step aside.
expectTrue<Equal<Index.StatsHandlerResult, string>>();
expectTrue<Equal<Index.HostileMqttDockCallOptions, number>>();
expectTrue<Equal<Index.HostileMqttCloudHandlersOptions, boolean>>();
expectTrue<Equal<Index.StatsHandlerResult_2, StatsHandlerResult_2>>();
expectTrue<Equal<Extract<StatsHandlerResult_2, { result: 0 }>['result'], 0>>();
expectTrue<Equal<keyof HostileMqttDockCallOptions_2, keyof Index.HostileMqttDockCallOptions_2>>();
expectTrue<Equal<HostileMqttCloudHandlersOptions_2, Index.HostileMqttCloudHandlersOptions_2>>();
`;

/** Served methods only: jobs has one method the runtime can serve, mini has two. */
const SUBSET_CHECKS = {
  jobs: `${PRELUDE}
import { JobsDockClient } from './dock-client.js';
import type { JobsCloudHandlers } from './cloud-handlers.js';
expectTrue<Equal<keyof JobsDockClient, 'jobStart' | 'stats' | 'close'>>();
expectTrue<Equal<keyof JobsCloudHandlers, 'jobStart'>>();
new JobsDockClient(client, { deviceId: 'd', tenant: 't' });
`,
  mini: `${PRELUDE}
import { MiniDockClient } from './dock-client.js';
expectTrue<Equal<keyof MiniDockClient, 'lookup' | 'ping' | 'stats' | 'close'>>();
new MiniDockClient(client, { sn: 's' });
`,
};

describe('mqtt-client and mqtt-handlers output', () => {
  it('type-checks for the DJI spec, a hostile spec and the fixtures, with the signatures the spec says', async () => {
    const files: Record<string, string> = {};
    for (const [name, file] of Object.entries(SPECS)) {
      const ir = await irOf(file);
      const generated = await generateSpec(ir, [typesEmitter, validatorsEmitter, mqttClientEmitter, mqttHandlersEmitter], `${name}.asyncapi.yaml`);
      expect([...generated.files.keys()]).toEqual(expect.arrayContaining(['dock-client.ts', 'cloud-handlers.ts']));
      for (const [path, text] of generated.files) files[`${name}/${path}`] = text;
    }
    files['dji/checks.ts'] = DJI_CHECKS;
    files['hostile/checks.ts'] = HOSTILE_CHECKS;
    files['jobs/checks.ts'] = SUBSET_CHECKS.jobs;
    files['mini/checks.ts'] = SUBSET_CHECKS.mini;
    expect(await typecheckFiles(files)).toBe('');
  }, 120_000);
});
