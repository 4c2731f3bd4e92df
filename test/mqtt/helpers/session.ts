import type { MqttClient } from 'mqtt';
import { startBroker, type EmbeddedBroker } from '../../../contract-tests/mock/mqtt-broker.js';
import { DEMO } from '../../../contract-tests/mock/dock-cloud/demo.js';
import { dockCloudHandlers } from '../../../contract-tests/mock/dock-cloud/handlers.js';
import { seededRegistry, type OrganizationRegistry } from '../../../contract-tests/mock/dock-cloud/registry.js';
import type { GeneratedDji } from './generated-dji.js';
import { Clients, type Envelope } from './mqtt.js';

type DockClient = InstanceType<GeneratedDji['modules']['DjiDockOrganizationDockClient']>;
type Responder = Awaited<ReturnType<GeneratedDji['modules']['attachDjiDockOrganizationCloudHandlers']>>;
type ClientOptions = ConstructorParameters<GeneratedDji['modules']['DjiDockOrganizationDockClient']>[1];

/** Every publish the broker routed on the DJI request/reply topics, parsed. */
export interface Wire {
  requests: Envelope[];
  replies: Envelope[];
}

/**
 * One dock (generated client) and one cloud (generated handlers over the mock's registry) on an
 * embedded broker, with the traffic between them recorded.
 */
export interface Session {
  broker: EmbeddedBroker;
  clients: Clients;
  registry: OrganizationRegistry;
  dock: DockClient;
  dockMqtt: MqttClient;
  cloudMqtt: MqttClient;
  responder: Responder;
  wire: Wire;
  close(): Promise<void>;
}

export async function startSession(g: Pick<GeneratedDji, 'modules'>, options: { seed?: number; client?: Partial<ClientOptions> } = {}): Promise<Session> {
  const broker = await startBroker();
  const clients = new Clients();
  const wire: Wire = { requests: [], replies: [] };
  broker.aedes.on('publish', (packet) => {
    const kind = /^thing\/product\/[^/]+\/(requests|requests_reply)$/.exec(packet.topic)?.[1];
    if (kind === undefined) return;
    const envelope = JSON.parse(packet.payload.toString()) as Envelope;
    (kind === 'requests' ? wire.requests : wire.replies).push(envelope);
  });
  const registry = seededRegistry(options.seed ?? 1);
  const cloudMqtt = await clients.connect(broker.url);
  const dockMqtt = await clients.connect(broker.url);
  const responder = await g.modules.attachDjiDockOrganizationCloudHandlers(cloudMqtt, dockCloudHandlers(registry));
  const dock = new g.modules.DjiDockOrganizationDockClient(dockMqtt, { gatewaySn: DEMO.gatewaySn, ...options.client });
  return {
    broker,
    clients,
    registry,
    dock,
    dockMqtt,
    cloudMqtt,
    responder,
    wire,
    async close() {
      dock.close();
      await responder.close();
      await clients.endAll();
      await broker.close();
    },
  };
}
