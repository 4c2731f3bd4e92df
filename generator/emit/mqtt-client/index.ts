import type { Emitter } from '../emitter.js';
import { clientModule } from './client-module.js';
import { planMqtt } from './plan.js';

/** `dock-client.ts`: the typed MQTT requester of an AsyncAPI spec's request/reply methods. */
export const mqttClientEmitter: Emitter = {
  id: 'mqtt-client',
  appliesTo: (ir) => ir.kind === 'asyncapi' && planMqtt(ir).methods.length > 0,
  emit: (ir) => [{ path: 'dock-client.ts', kind: 'ts', structure: clientModule(ir) }],
};
