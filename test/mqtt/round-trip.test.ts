import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO } from '../../contract-tests/mock/dock-cloud/demo.js';
import { generateDji } from './helpers/generated-dji.js';
import { generatedPerFile } from './helpers/harness.js';
import { eventually } from './helpers/mqtt.js';
import { startSession, type Session } from './helpers/session.js';

const g = generatedPerFile(generateDji);
let s: Session;

beforeEach(async () => {
  s = await startSession(g);
});
afterEach(async () => {
  await s?.close();
});

const dockEntry = (code: string, organizationId: string = DEMO.organizationId) => ({
  device_binding_code: code,
  organization_id: organizationId,
  device_callsign: 'Dock one',
  sn: DEMO.gatewaySn,
  device_model_key: DEMO.gatewayModelKey,
});
const droneEntry = (code: string) => ({
  device_binding_code: code,
  organization_id: DEMO.organizationId,
  device_callsign: 'Drone one',
  sn: DEMO.droneSn,
  device_model_key: DEMO.droneModelKey,
});

describe('generated dock client ↔ generated cloud handlers (embedded broker)', () => {
  it('runs a real session: bind status, organization lookup, binding, bind status again', async () => {
    const devices = [{ sn: DEMO.gatewaySn }, { sn: DEMO.droneSn }];
    const before = await s.dock.airportBindStatus({ devices });
    expect(before.bind_status).toEqual(
      devices.map(({ sn }) => ({ sn, is_device_bind_organization: false, organization_id: '', organization_name: '', device_callsign: '' })),
    );

    const organization = await s.dock.airportOrganizationGet({ device_binding_code: DEMO.bindingCode, organization_id: DEMO.organizationId });
    expect(organization).toEqual({ organization_name: s.registry.organization(DEMO.organizationId)?.name });

    const bound = await s.dock.airportOrganizationBind({ bind_devices: [dockEntry(DEMO.bindingCode), droneEntry(DEMO.bindingCode)] });
    expect(bound.err_infos).toEqual([
      { sn: DEMO.gatewaySn, err_code: 0 },
      { sn: DEMO.droneSn, err_code: 0 },
    ]);

    const after = await s.dock.airportBindStatus({ devices });
    expect(after.bind_status).toEqual([
      { sn: DEMO.gatewaySn, is_device_bind_organization: true, organization_id: DEMO.organizationId, organization_name: organization.organization_name, device_callsign: 'Dock one' },
      { sn: DEMO.droneSn, is_device_bind_organization: true, organization_id: DEMO.organizationId, organization_name: organization.organization_name, device_callsign: 'Drone one' },
    ]);

    // On the wire: one request per call (no retries needed), each answered once on the reply
    // topic with its own tid, bid and method. (aedes reports a publish after routing it.)
    await eventually(() => s.wire.replies.length >= 4);
    expect(s.wire.requests).toHaveLength(4);
    expect(s.wire.replies.map((r) => [r.tid, r.bid, r.method])).toEqual(s.wire.requests.map((r) => [r.tid, r.bid, r.method]));
    expect(s.dock.stats).toMatchObject({ published: 4, matched: 4, stray: 0, duplicate: 0, late: 0, malformed: 0, timedOut: 0 });
    expect(s.responder.stats).toMatchObject({ received: 4, replied: 4, invalid: 0, handlerFailed: 0 });
  });

  it('answers a wrong binding code with 210231 and a second binding with 210232, per device', async () => {
    const wrong = await s.dock.airportOrganizationBind({ bind_devices: [dockEntry('WRONG1')] });
    expect(wrong.err_infos).toEqual([{ sn: DEMO.gatewaySn, err_code: 210231 }]);
    expect(s.registry.binding(DEMO.gatewaySn)).toBeUndefined();

    const unknownOrganization = await s.dock.airportOrganizationBind({ bind_devices: [dockEntry(DEMO.bindingCode, 'no-such-organization')] });
    expect(unknownOrganization.err_infos).toEqual([{ sn: DEMO.gatewaySn, err_code: 210231 }]);

    const first = await s.dock.airportOrganizationBind({ bind_devices: [dockEntry(DEMO.bindingCode), droneEntry('WRONG1')] });
    expect(first.err_infos).toEqual([
      { sn: DEMO.gatewaySn, err_code: 0 },
      { sn: DEMO.droneSn, err_code: 210231 },
    ]);
    const again = await s.dock.airportOrganizationBind({ bind_devices: [{ ...dockEntry(DEMO.bindingCode), device_callsign: 'Renamed' }] });
    expect(again.err_infos).toEqual([{ sn: DEMO.gatewaySn, err_code: 210232 }]);
    expect(s.registry.binding(DEMO.gatewaySn)?.callsign).toBe('Dock one');
  });

  it('rejects an unknown binding code or organization with MqttReplyError 210230 and its message', async () => {
    for (const data of [
      { device_binding_code: 'NOPE00', organization_id: DEMO.organizationId },
      { device_binding_code: DEMO.bindingCode, organization_id: 'no-such-organization' },
    ]) {
      const error = await s.dock.airportOrganizationGet(data).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(g.errors.MqttReplyError);
      expect(error).toMatchObject({ method: 'airport_organization_get', result: 210230, output: 'get organization failed' });
    }
  });

  it('serves 16 calls in flight from two gateways, each on its own topics', async () => {
    const other = new g.modules.DjiDockOrganizationDockClient(await s.clients.connect(s.broker.url), { gatewaySn: DEMO.boundDevice.sn });
    try {
      const calls = Array.from({ length: 16 }, (_, i) =>
        (i % 2 === 0 ? s.dock : other).airportBindStatus({ devices: [{ sn: i % 2 === 0 ? DEMO.gatewaySn : DEMO.boundDevice.sn }] }),
      );
      const results = await Promise.all(calls);
      results.forEach((result, i) => expect(result.bind_status[0]?.is_device_bind_organization).toBe(i % 2 === 1));
      expect(s.dock.stats.stray + other.stats.stray).toBe(0);
    } finally {
      other.close();
    }
  });
});
