/**
 * The dock's binding flow as a model: `airport_bind_status` reports what the model holds,
 * `airport_organization_get` answers the organization's name for the right binding code and an
 * error result for a wrong one, `airport_organization_bind` binds an unbound device with the right
 * code (err_code 0) and refuses a wrong code or a device already bound (non-zero err_code). Each
 * sequence binds the gateway and a drone of its own, so the flow can run again and again.
 */
import fc from 'fast-check';
import type { DjiDockOrganizationDockClient } from '../../generated/dji-dock-organization/dock-client.js';
import type { IrLocation } from '../../generator/ir/types.js';
import { describeError } from './expect.js';
import { ModelMismatch, expectThat, type StatefulModel } from './model.js';

export interface DockOrganization {
  id: string;
  bindingCode: string;
}

export interface DockReal {
  client: DjiDockOrganizationDockClient;
  organization: DockOrganization;
  devices: { gateway: Device; drone: Device };
}

interface Device {
  sn: string;
  modelKey: string;
}

export interface DockModel {
  /** sn → organization id, for bound devices. */
  bound: Map<string, string>;
  organizationName?: string;
  /** Non-zero codes the spec knows (`x-error-codes`). */
  knownCodes: ReadonlySet<number>;
}

type DockCommand = fc.AsyncCommand<DockModel, DockReal>;
type Which = 'gateway' | 'drone' | 'both';

export function dockBindingModel(options: {
  client: DjiDockOrganizationDockClient;
  gateway: Device;
  organization: DockOrganization;
  knownCodes: ReadonlySet<number>;
  location: IrLocation;
  /** A fresh drone serial number per sequence. */
  newDroneSn: () => string;
}): StatefulModel<DockModel, DockReal> {
  const which = fc.constantFrom<Which>('gateway', 'drone', 'both');
  return {
    name: 'dock_binding',
    protocol: 'mqtt',
    location: options.location,
    commands: [
      which.map((w) => new BindStatus(w)),
      fc.boolean().map((right) => new OrganizationGet(right)),
      fc.tuple(which, fc.boolean()).map(([w, right]) => new OrganizationBind(w, right)),
    ],
    async setup() {
      const real: DockReal = {
        client: options.client,
        organization: options.organization,
        devices: { gateway: options.gateway, drone: { sn: options.newDroneSn(), modelKey: '0-67-0' } },
      };
      const status = await options.client.airportBindStatus({ devices: [{ sn: real.devices.gateway.sn }, { sn: real.devices.drone.sn }] });
      const bound = new Map<string, string>();
      for (const entry of status.bind_status) if (entry.is_device_bind_organization) bound.set(entry.sn, entry.organization_id);
      return { model: { bound, knownCodes: options.knownCodes }, real };
    },
    verify: (model, real) => new BindStatus('both').run(model, real),
    // Binding is permanent over this API (there is no unbind method): nothing to undo.
    teardown: async () => undefined,
  };
}

const devicesOf = (r: DockReal, which: Which): Device[] => (which === 'both' ? [r.devices.gateway, r.devices.drone] : [r.devices[which]]);

class BindStatus implements DockCommand {
  constructor(private readonly which: Which) {}
  check = () => true;
  async run(m: DockModel, r: DockReal) {
    const devices = devicesOf(r, this.which);
    const output = await call(`airport_bind_status of ${this.which}`, r.client.airportBindStatus({ devices: devices.map((d) => ({ sn: d.sn })) }));
    for (const device of devices) {
      const entry = output.bind_status.find((e) => e.sn === device.sn);
      expectThat(entry !== undefined, () => `airport_bind_status: no entry for ${device.sn} in ${JSON.stringify(output.bind_status)}`);
      const organization = m.bound.get(device.sn);
      expectThat(entry!.is_device_bind_organization === (organization !== undefined), () => `airport_bind_status: ${device.sn} is_device_bind_organization=${entry!.is_device_bind_organization}, the model says ${organization !== undefined}`);
      if (organization !== undefined) expectThat(entry!.organization_id === organization, () => `airport_bind_status: ${device.sn} is bound to ${entry!.organization_id}, the model says ${organization}`);
    }
  }
  toString = () => `bindStatus(${this.which})`;
}

class OrganizationGet implements DockCommand {
  constructor(private readonly rightCode: boolean) {}
  check = () => true;
  async run(m: DockModel, r: DockReal) {
    const code = this.rightCode ? r.organization.bindingCode : `${r.organization.bindingCode}-wrong`;
    const request = r.client.airportOrganizationGet({ organization_id: r.organization.id, device_binding_code: code });
    if (!this.rightCode) return expectErrorResult(m, 'airport_organization_get with a wrong binding code', request);
    const output = await call('airport_organization_get with the right binding code', request);
    m.organizationName ??= output.organization_name;
    expectThat(output.organization_name === m.organizationName, () => `airport_organization_get: organization name ${output.organization_name}, earlier ${m.organizationName}`);
  }
  toString = () => `organizationGet(${this.rightCode ? 'right code' : 'wrong code'})`;
}

class OrganizationBind implements DockCommand {
  constructor(
    private readonly which: Which,
    private readonly rightCode: boolean,
  ) {}
  check = () => true;
  async run(m: DockModel, r: DockReal) {
    const devices = devicesOf(r, this.which);
    const code = this.rightCode ? r.organization.bindingCode : `${r.organization.bindingCode}-wrong`;
    const output = await call(
      `airport_organization_bind of ${this.which}`,
      r.client.airportOrganizationBind({
        bind_devices: devices.map((d) => ({ sn: d.sn, device_model_key: d.modelKey, organization_id: r.organization.id, device_binding_code: code, device_callsign: `contract ${d.sn}` })),
      }),
    );
    for (const device of devices) {
      const entry = output.err_infos.find((e) => e.sn === device.sn);
      expectThat(entry !== undefined, () => `airport_organization_bind: no err_infos entry for ${device.sn}`);
      const shouldBind = this.rightCode && !m.bound.has(device.sn);
      if (shouldBind) {
        expectThat(entry!.err_code === 0, () => `airport_organization_bind: ${device.sn} (unbound, right code) got err_code ${entry!.err_code}, expected 0`);
        m.bound.set(device.sn, r.organization.id);
      } else {
        const why = this.rightCode ? 'already bound' : 'wrong code';
        expectThat(entry!.err_code !== 0, () => `airport_organization_bind: ${device.sn} (${why}) got err_code 0, expected a failure`);
        expectThat(m.knownCodes.size === 0 || m.knownCodes.has(entry!.err_code), () => `airport_organization_bind: ${device.sn} got err_code ${entry!.err_code}, not one of the spec's error codes`);
      }
    }
  }
  toString = () => `organizationBind(${this.which}, ${this.rightCode ? 'right code' : 'wrong code'})`;
}

async function call<T>(what: string, request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    throw new ModelMismatch(`${what}: expected a successful reply, got ${describeError(error)}`);
  }
}

async function expectErrorResult(m: DockModel, what: string, request: Promise<unknown>): Promise<void> {
  try {
    const output = await request;
    throw new ModelMismatch(`${what}: expected an error result, got result 0 with ${JSON.stringify(output)}`);
  } catch (error) {
    if (error instanceof ModelMismatch) throw error;
    const result = typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'MqttReplyError' ? (error as { result?: unknown }).result : undefined;
    if (typeof result !== 'number') throw new ModelMismatch(`${what}: expected an error result, got ${describeError(error)}`);
    expectThat(m.knownCodes.size === 0 || m.knownCodes.has(result), () => `${what}: result ${result} is not one of the spec's error codes`);
  }
}
