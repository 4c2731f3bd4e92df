/** The MQTT model over a dock cloud: the binding flow, when the run knows an organization and its binding code. */
import type { MqttClient } from 'mqtt';
import { DjiDockOrganizationDockClient } from '../../generated/dji-dock-organization/dock-client.js';
import type { MqttApi } from '../apis/api.js';
import { dockBindingModel } from './dock-binding.js';
import type { Prepared } from './gizwits-models.js';
import type { StatefulModel } from './model.js';

export function dockModels(options: { client: MqttClient; api: MqttApi; gatewaySn: string; params: Readonly<Record<string, string>>; timeoutMs: number; seed: number }): Prepared {
  const { organization_id: id, device_binding_code: bindingCode } = options.params;
  if (id === undefined || bindingCode === undefined) {
    return { models: [], notes: ['stateful dock binding model not run: it needs --param organization_id=… and --param device_binding_code=…'] };
  }
  const dock = new DjiDockOrganizationDockClient(options.client, { gatewaySn: options.gatewaySn, timeoutMs: options.timeoutMs, retries: 0 });
  const bind = options.api.ir.methods.find((m) => m.name === 'airport_organization_bind') ?? options.api.ir;
  let drones = 0;
  const model = dockBindingModel({
    client: dock,
    gateway: { sn: options.gatewaySn, modelKey: options.params.gateway_model_key ?? '3-1-0' },
    organization: { id, bindingCode },
    knownCodes: new Set(options.api.catalogue.keys()),
    location: bind.location,
    newDroneSn: () => `CONTRACT-DRONE-${options.seed}-${++drones}`,
  });
  return { models: [model as unknown as StatefulModel<object, unknown>], notes: [], close: () => dock.close() };
}
