/**
 * The dock cloud's answers to the organization methods, over an OrganizationRegistry, written
 * against the generated handler interface (requests arrive validated; replies are checked
 * against their schemas by the generated attach function).
 */

import type { DjiDockOrganizationCloudHandlers } from '../../../generated/dji-dock-organization/cloud-handlers.js';
import { DjiErrorCode, errorCatalogue } from '../../../generated/dji-dock-organization/types.js';
import type { BindOutcome, OrganizationRegistry } from './registry.js';

/** `err_code` of each device in an `airport_organization_bind` reply. */
const BIND_CODES: Record<BindOutcome, number> = {
  bound: 0,
  'wrong-code': DjiErrorCode.DeviceBindingFailed,
  'already-bound': DjiErrorCode.NonRepeatableBinding,
};

export function dockCloudHandlers(registry: OrganizationRegistry): DjiDockOrganizationCloudHandlers {
  return {
    airportBindStatus(data) {
      const bindStatus = data.devices.map(({ sn }) => {
        const binding = registry.binding(sn);
        // An unbound device still gets every field: the schema requires them, as strings.
        return {
          sn,
          is_device_bind_organization: binding !== undefined,
          organization_id: binding?.organizationId ?? '',
          organization_name: (binding && registry.organization(binding.organizationId)?.name) ?? '',
          device_callsign: binding?.callsign ?? '',
        };
      });
      return { result: 0, output: { bind_status: bindStatus } };
    },

    airportOrganizationGet(data) {
      const organization = registry.organizationForCode(data.organization_id, data.device_binding_code);
      if (organization === undefined) return failure(DjiErrorCode.GetOrganizationFailed);
      return { result: 0, output: { organization_name: organization.name } };
    },

    airportOrganizationBind(data) {
      const errInfos = data.bind_devices.map((device) => ({
        sn: device.sn,
        err_code: BIND_CODES[
          registry.bind({
            sn: device.sn,
            organizationId: device.organization_id,
            bindingCode: device.device_binding_code,
            callsign: device.device_callsign,
            modelKey: device.device_model_key,
          })
        ],
      }));
      return { result: 0, output: { err_infos: errInfos } };
    },
  };
}

/** An error reply as DJI's reference cloud sends it: the code as `result`, its message as `output`. */
function failure(code: DjiErrorCode): { result: number; output: string } {
  return { result: code, output: errorCatalogue.find((e) => e.code === code)?.message ?? `error ${code}` };
}
