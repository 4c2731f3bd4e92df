import type { Emitter } from '../emitter.js';
import { planMqtt } from '../mqtt-client/plan.js';
import { handlersModule } from './handlers-module.js';

/** `cloud-handlers.ts`: the typed replying side of an AsyncAPI spec's request/reply methods. */
export const mqttHandlersEmitter: Emitter = {
  id: 'mqtt-handlers',
  appliesTo: (ir) => ir.kind === 'asyncapi' && planMqtt(ir).methods.length > 0,
  emit: (ir) => [{ path: 'cloud-handlers.ts', kind: 'ts', structure: handlersModule(ir) }],
};
