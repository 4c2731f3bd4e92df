/** The DJI dock organization MQTT API as a contract run sees it: the spec's IR and its generated modules. */
import { methodArbitraries } from '../../generated/dji-dock-organization/arbitraries.js';
import { methodValidators } from '../../generated/dji-dock-organization/validators.js';
import { loadSpecIr, SPEC_FILES } from '../spec/load.js';
import { mqttApi, type MqttApi } from './api.js';

export async function loadDockApi(): Promise<MqttApi> {
  const ir = await loadSpecIr(SPEC_FILES.dock);
  return mqttApi(ir, { validators: methodValidators, samples: methodArbitraries });
}
