/**
 * The dock cloud mock's state: organizations (id, name, binding codes) and which device (by
 * serial number) is bound to which organization under which callsign. In memory, and filled
 * deterministically from a seed so a contract run can be replayed.
 */

import { Prng } from '../../util/prng.js';
import { DEMO } from './demo.js';

export interface Organization {
  id: string;
  name: string;
  /** Codes a device must present to join (the "device binding code" the dock's user enters). */
  bindingCodes: readonly string[];
}

export interface DeviceBinding {
  sn: string;
  organizationId: string;
  callsign: string;
  /** `domain-type-subtype`, e.g. `3-1-0` for a dock. */
  modelKey: string;
}

export interface BindRequest {
  sn: string;
  organizationId: string;
  bindingCode: string;
  callsign: string;
  modelKey: string;
}

/** `wrong-code`: no such organization, or the code is not one of its binding codes. */
export type BindOutcome = 'bound' | 'wrong-code' | 'already-bound';

export class OrganizationRegistry {
  private readonly organizations = new Map<string, Organization>();
  private readonly bindings = new Map<string, DeviceBinding>();

  addOrganization(organization: Organization): void {
    if (this.organizations.has(organization.id)) throw new Error(`organization ${organization.id} exists already`);
    this.organizations.set(organization.id, { ...organization, bindingCodes: [...organization.bindingCodes] });
  }

  organization(id: string): Organization | undefined {
    return this.organizations.get(id);
  }

  /** The organization, if `code` is one of its binding codes. */
  organizationForCode(organizationId: string, code: string): Organization | undefined {
    const organization = this.organizations.get(organizationId);
    return organization?.bindingCodes.includes(code) ? organization : undefined;
  }

  binding(sn: string): DeviceBinding | undefined {
    return this.bindings.get(sn);
  }

  /** Binds a device once: a bound device stays with its organization (non-repeatable binding). */
  bind(request: BindRequest): BindOutcome {
    if (!this.organizationForCode(request.organizationId, request.bindingCode)) return 'wrong-code';
    if (this.bindings.has(request.sn)) return 'already-bound';
    this.bindings.set(request.sn, { sn: request.sn, organizationId: request.organizationId, callsign: request.callsign, modelKey: request.modelKey });
    return 'bound';
  }

  unbind(sn: string): boolean {
    return this.bindings.delete(sn);
  }

  /** Everything, sorted, as plain data (for reports and assertions). */
  snapshot(): { organizations: Organization[]; bindings: DeviceBinding[] } {
    const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
    return {
      organizations: [...this.organizations.values()].map((o) => ({ ...o, bindingCodes: [...o.bindingCodes] })).sort(byKey((o) => o.id)),
      bindings: [...this.bindings.values()].map((b) => ({ ...b })).sort(byKey((b) => b.sn)),
    };
  }
}

/** How many organizations and pre-bound devices a seed adds besides the demo data. */
const SEEDED = { organizations: 3, boundDevices: 4 } as const;

const NAMES = ['Survey', 'Inspection', 'Rescue', 'Agriculture', 'Mapping', 'Patrol', 'Forestry', 'Utilities'];
const MODEL_KEYS = ['3-1-0', '3-2-0', '0-67-0', '0-67-1', '0-91-0', '0-91-1'];

/**
 * The demo organization and devices (see `DEMO`) plus organizations and bound devices drawn from
 * `seed`: the same seed always gives the same registry.
 */
export function seededRegistry(seed: number): OrganizationRegistry {
  const prng = new Prng(seed);
  const code = () => Array.from({ length: 6 }, () => prng.pick([...'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'])).join('');

  const registry = new OrganizationRegistry();
  registry.addOrganization({ id: DEMO.organizationId, name: DEMO.organizationName, bindingCodes: [DEMO.bindingCode] });
  registry.bind({ ...DEMO.boundDevice, organizationId: DEMO.organizationId, bindingCode: DEMO.bindingCode });

  const organizations: Organization[] = [];
  for (let i = 0; i < SEEDED.organizations; i++) {
    const organization = {
      id: `${prng.hex(8)}-${prng.hex(4)}-4${prng.hex(3)}-${prng.pick(['8', '9', 'a', 'b'])}${prng.hex(3)}-${prng.hex(12)}`,
      name: `${prng.pick(NAMES)} team ${i + 1}`,
      bindingCodes: Array.from({ length: prng.int(1, 2) }, code),
    };
    registry.addOrganization(organization);
    organizations.push(organization);
  }
  for (let i = 0; i < SEEDED.boundDevices; i++) {
    const organization = prng.pick(organizations);
    const modelKey = prng.pick(MODEL_KEYS);
    const kind = modelKey.startsWith('3-') ? 'DOCK' : 'DRONE';
    registry.bind({
      sn: `SEED-${kind}-${prng.hex(6).toUpperCase()}`,
      organizationId: organization.id,
      bindingCode: organization.bindingCodes[0] as string,
      callsign: `${organization.name} ${kind.toLowerCase()} ${i + 1}`,
      modelKey,
    });
  }
  return registry;
}

