import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type EmbeddedBroker } from '../../contract-tests/mock/mqtt-broker.js';
import { DEMO, OrganizationRegistry, seededRegistry, startDockCloudMock } from '../../contract-tests/mock/dock-cloud/index.js';
import { type GeneratedDji, generateDji, GENERATION_TIMEOUT_MS } from './helpers/generated-dji.js';
import { Clients } from './helpers/mqtt.js';

describe('dock cloud registry', () => {
  it('is the same for the same seed and differs between seeds, always with the demo data', () => {
    expect(seededRegistry(7).snapshot()).toEqual(seededRegistry(7).snapshot());
    expect(seededRegistry(7).snapshot()).not.toEqual(seededRegistry(8).snapshot());
    for (const seed of [0, 1, 2 ** 32 - 1]) {
      const registry = seededRegistry(seed);
      expect(registry.organizationForCode(DEMO.organizationId, DEMO.bindingCode)?.name).toBe(DEMO.organizationName);
      expect(registry.binding(DEMO.gatewaySn)).toBeUndefined();
      expect(registry.binding(DEMO.droneSn)).toBeUndefined();
      expect(registry.binding(DEMO.boundDevice.sn)).toMatchObject({ organizationId: DEMO.organizationId, callsign: DEMO.boundDevice.callsign });
    }
  });

  it('gives every seeded organization working binding codes and binds seeded devices to them', () => {
    const { organizations, bindings } = seededRegistry(3).snapshot();
    expect(organizations.length).toBeGreaterThan(1);
    expect(new Set(organizations.map((o) => o.id)).size).toBe(organizations.length);
    const registry = seededRegistry(3);
    for (const organization of organizations) {
      expect(organization.bindingCodes.length).toBeGreaterThan(0);
      for (const code of organization.bindingCodes) expect(registry.organizationForCode(organization.id, code)).toEqual(organization);
    }
    for (const binding of bindings) expect(organizations.map((o) => o.id)).toContain(binding.organizationId);
  });

  it('binds a device once, and only with a binding code of the organization', () => {
    const registry = new OrganizationRegistry();
    registry.addOrganization({ id: 'org', name: 'Org', bindingCodes: ['C1', 'C2'] });
    const request = { sn: 'dock', organizationId: 'org', bindingCode: 'C2', callsign: 'first', modelKey: '3-1-0' };
    expect(registry.bind({ ...request, bindingCode: 'C3' })).toBe('wrong-code');
    expect(registry.bind({ ...request, organizationId: 'other' })).toBe('wrong-code');
    expect(registry.bind(request)).toBe('bound');
    expect(registry.bind({ ...request, callsign: 'second' })).toBe('already-bound');
    expect(registry.binding('dock')?.callsign).toBe('first');
    expect(registry.unbind('dock')).toBe(true);
    expect(registry.bind({ ...request, callsign: 'second' })).toBe('bound');
    expect(() => registry.addOrganization({ id: 'org', name: 'Again', bindingCodes: [] })).toThrow(/exists/);
  });
});

describe('startDockCloudMock', () => {
  let g: GeneratedDji;
  let broker: EmbeddedBroker;
  const clients = new Clients();

  beforeAll(async () => {
    [g, broker] = await Promise.all([generateDji(), startBroker()]);
  }, GENERATION_TIMEOUT_MS);
  afterAll(async () => {
    await clients.endAll();
    await broker?.close();
    await g?.remove();
  });

  it('answers docks on the broker from its seeded registry until closed', async () => {
    const mock = await startDockCloudMock({ brokerUrl: broker.url, seed: 5 });
    const dock = new g.modules.DjiDockOrganizationDockClient(await clients.connect(broker.url), { gatewaySn: DEMO.gatewaySn, timeoutMs: 300, retries: 0 });
    const seeded = mock.registry.snapshot().bindings.find((b) => b.sn.startsWith('SEED-'));
    expect(seeded).toBeDefined();

    const status = await dock.airportBindStatus({ devices: [{ sn: DEMO.boundDevice.sn }, { sn: seeded!.sn }] });
    expect(status.bind_status.map((s) => [s.sn, s.is_device_bind_organization, s.organization_id, s.device_callsign])).toEqual([
      [DEMO.boundDevice.sn, true, DEMO.organizationId, DEMO.boundDevice.callsign],
      [seeded!.sn, true, seeded!.organizationId, seeded!.callsign],
    ]);
    await dock.airportOrganizationBind({
      bind_devices: [{ device_binding_code: DEMO.bindingCode, organization_id: DEMO.organizationId, device_callsign: 'Mine', sn: DEMO.gatewaySn, device_model_key: DEMO.gatewayModelKey }],
    });
    expect(mock.registry.binding(DEMO.gatewaySn)?.callsign).toBe('Mine');
    expect(mock.stats).toMatchObject({ received: 2, replied: 2, invalid: 0, handlerFailed: 0 });

    await mock.close();
    await expect(dock.airportBindStatus({ devices: [{ sn: DEMO.gatewaySn }] })).rejects.toBeInstanceOf(g.errors.MqttTimeoutError);
    dock.close();
  });
});
