import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startDockCloudMock, type DockCloudMock } from '../../contract-tests/mock/dock-cloud/index.js';
import { type GeneratedDji, generateDji, GENERATION_TIMEOUT_MS } from './helpers/generated-dji.js';
import { startMosquitto, type Mosquitto } from './helpers/mosquitto.js';
import { Clients } from './helpers/mqtt.js';

/**
 * Interop with a real broker: the generated dock client and the dock cloud mock (built on the
 * generated handlers) talk through Mosquitto, at the spec's QoS (requests 1, replies 2).
 * Without mosquitto installed this fails, saying how to install it: CI installs it.
 */
describe('generated client ↔ dock cloud mock through Mosquitto', () => {
  let mosquitto: Mosquitto;
  let g: GeneratedDji;
  let mock: DockCloudMock;
  const clients = new Clients();

  // A broker that cannot start fails every test with the reason (e.g. how to install mosquitto)
  // instead of failing the hook, which reporters count as skipped tests.
  let started: Promise<void>;
  beforeAll(async () => {
    started = (async () => {
      mosquitto = await startMosquitto();
      g = await generateDji();
      mock = await startDockCloudMock({ brokerUrl: mosquitto.url, seed: 11 });
    })();
    await started.catch(() => undefined);
  }, GENERATION_TIMEOUT_MS);
  afterAll(async () => {
    await clients.endAll();
    await mock?.close();
    await mosquitto?.stop();
    await g?.remove();
  });

  it('serves all three methods of a binding session', async () => {
    await started;
    const dock = new g.modules.DjiDockOrganizationDockClient(await clients.connect(mosquitto.url, { protocolVersion: 5 }), { gatewaySn: DEMO.gatewaySn });
    const devices = [{ sn: DEMO.gatewaySn }, { sn: DEMO.droneSn }];

    const before = await dock.airportBindStatus({ devices });
    expect(before.bind_status.map((s) => s.is_device_bind_organization)).toEqual([false, false]);

    const { organization_name } = await dock.airportOrganizationGet({ device_binding_code: DEMO.bindingCode, organization_id: DEMO.organizationId });
    expect(organization_name).toBe(DEMO.organizationName);
    await expect(dock.airportOrganizationGet({ device_binding_code: 'WRONG0', organization_id: DEMO.organizationId })).rejects.toMatchObject({
      name: 'MqttReplyError',
      result: 210230,
    });

    const bind = (sn: string, model: string) => ({
      device_binding_code: DEMO.bindingCode,
      organization_id: DEMO.organizationId,
      device_callsign: `${sn} callsign`,
      sn,
      device_model_key: model,
    });
    const bound = await dock.airportOrganizationBind({ bind_devices: [bind(DEMO.gatewaySn, DEMO.gatewayModelKey), bind(DEMO.droneSn, DEMO.droneModelKey)] });
    expect(bound.err_infos).toEqual(devices.map(({ sn }) => ({ sn, err_code: 0 })));

    const after = await dock.airportBindStatus({ devices });
    expect(after.bind_status.map((s) => [s.is_device_bind_organization, s.organization_name, s.device_callsign])).toEqual(
      devices.map(({ sn }) => [true, DEMO.organizationName, `${sn} callsign`]),
    );
    expect(dock.stats).toMatchObject({ published: 5, matched: 5, timedOut: 0, stray: 0 });
    expect(mock.stats).toMatchObject({ received: 5, replied: 5 });
    dock.close();
  });

  it('keeps gateways apart on a shared broker, many calls in flight', async () => {
    await started;
    const docks = await Promise.all(
      [DEMO.droneSn, DEMO.boundDevice.sn].map(async (sn) => new g.modules.DjiDockOrganizationDockClient(await clients.connect(mosquitto.url), { gatewaySn: sn })),
    );
    const calls = Array.from({ length: 20 }, (_, i) => docks[i % 2]!.airportBindStatus({ devices: [{ sn: i % 2 === 0 ? 'unknown-sn' : DEMO.boundDevice.sn }] }));
    const results = await Promise.all(calls);
    results.forEach((r, i) => expect(r.bind_status[0]?.is_device_bind_organization).toBe(i % 2 === 1));
    for (const dock of docks) {
      expect(dock.stats).toMatchObject({ matched: 10, stray: 0 });
      dock.close();
    }
  });
});
