/**
 * Device groups as a model: a tree with at most one root, each MAC in at most one group. The
 * model predicts the spec's error codes: parent not found 5202, a second root 5203, deleting a
 * group with subgroups 5204 or with devices 5205, an unknown group 5206. Commands touch only
 * groups the sequence created (and MACs the product has); teardown deletes them and puts every
 * MAC back in the group it started in.
 */
import fc from 'fast-check';
import type { GizwitsEnterpriseClient } from '../../generated/gizwits-enterprise/client.js';
import type { IrLocation } from '../../generator/ir/types.js';
import { expectError, expectSuccess } from './expect.js';
import { expectThat, type StatefulModel } from './model.js';

/** The spec's device-group error codes (`x-error-codes`). */
export const GROUP_CODES = { parentNotFound: 5202, oneRoot: 5203, hasSubgroup: 5204, hasDevices: 5205, notFound: 5206 } as const;

export interface GroupsReal {
  client: GizwitsEnterpriseClient;
  productKey: string;
}

interface Snapshot {
  parents: Map<string, string>;
  macs: Map<string, Set<string>>;
}

export interface GroupsModel {
  parents: Map<string, string>;
  macs: Map<string, Set<string>>;
  /** Groups this sequence created, oldest first, and those it deleted. */
  created: string[];
  deleted: string[];
  knownMacs: readonly string[];
  initial: Snapshot;
}

type GroupCommand = fc.AsyncCommand<GroupsModel, GroupsReal>;

export function deviceGroupsModel(options: { client: GizwitsEnterpriseClient; productKey: string; knownMacs: readonly string[]; location: IrLocation }): StatefulModel<GroupsModel, GroupsReal> {
  const real: GroupsReal = { client: options.client, productKey: options.productKey };
  const pick = fc.nat({ max: 1000 });
  const macPicks = fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 3 });
  return {
    name: 'device_groups',
    protocol: 'rest',
    location: options.location,
    commands: [
      pick.map((n) => new CreateChild(n)),
      fc.constant(new CreateRoot()),
      fc.stringMatching(/^[0-9a-f]{32}$/).map((gid) => new CreateUnderUnknown(gid)),
      pick.map((n) => new DeleteGroup(n)),
      fc.tuple(pick, macPicks, fc.boolean(), fc.boolean()).map(([g, m, reassign, unknown]) => new Assign(g, m, reassign, unknown)),
      fc.tuple(pick, macPicks).map(([g, m]) => new Unassign(g, m)),
      pick.map((n) => new ListMacs(n)),
      fc.constant(new GetTree()),
      pick.map((n) => new ReadDeleted(n)),
    ],
    async setup() {
      const initial = await snapshot(real);
      const model: GroupsModel = { parents: new Map(initial.parents), macs: copyMacs(initial.macs), created: [], deleted: [], knownMacs: options.knownMacs, initial };
      return { model, real };
    },
    async verify(model) {
      await new GetTree().run(model, real);
      for (const gid of model.created) await new ListMacs(0, gid).run(model, real);
      for (const gid of model.deleted) await new ReadDeleted(0, gid).run(model, real);
    },
    teardown: (model) => restore(real, model.initial),
  };
}

const path = (r: GroupsReal) => ({ product_key: r.productKey });
const groupPath = (r: GroupsReal, gid: string) => ({ product_key: r.productKey, gid });

async function snapshot(r: GroupsReal): Promise<Snapshot> {
  const tree = await r.client.getV1ProductsProductKeyDeviceGroups({ path: path(r) });
  const parents = new Map(Object.entries(tree));
  const macs = new Map<string, Set<string>>();
  for (const gid of parents.keys()) macs.set(gid, new Set((await r.client.getV1ProductsProductKeyDeviceGroupsGid({ path: groupPath(r, gid) })).macs));
  return { parents, macs };
}

/** Deletes every group `initial` did not have (deepest first) and puts MACs back where they were. */
async function restore(r: GroupsReal, initial: Snapshot): Promise<void> {
  const now = await snapshot(r);
  const depth = (gid: string): number => (now.parents.get(gid) ? 1 + depth(now.parents.get(gid) as string) : 0);
  const extra = [...now.parents.keys()].filter((g) => !initial.parents.has(g)).sort((a, b) => depth(b) - depth(a));
  for (const gid of extra) {
    const macs = [...(now.macs.get(gid) ?? [])];
    if (macs.length > 0) await r.client.putV1ProductsProductKeyDeviceGroupsGid({ path: groupPath(r, gid), body: { action: 'unassign', macs } });
    await r.client.deleteV1ProductsProductKeyDeviceGroupsGid({ path: groupPath(r, gid) });
  }
  for (const [gid, macs] of initial.macs) {
    const current = now.macs.get(gid) ?? new Set<string>();
    const missing = [...macs].filter((m) => !current.has(m));
    if (missing.length > 0) await r.client.putV1ProductsProductKeyDeviceGroupsGid({ path: groupPath(r, gid), body: { action: 'assign', reassign: true, macs: missing } });
    const foreign = [...current].filter((m) => !macs.has(m));
    if (foreign.length > 0) await r.client.putV1ProductsProductKeyDeviceGroupsGid({ path: groupPath(r, gid), body: { action: 'unassign', macs: foreign } });
  }
}

function copyMacs(macs: Map<string, Set<string>>): Map<string, Set<string>> {
  return new Map([...macs].map(([g, s]) => [g, new Set(s)]));
}

const short = (gid: string) => gid.slice(0, 8);
const groupOf = (m: GroupsModel, mac: string) => [...m.macs].find(([, set]) => set.has(mac))?.[0];
const rootOf = (m: GroupsModel) => [...m.parents].find(([, parent]) => parent === '')?.[0];

/**
 * A command on one group: `fixed` names it outright (the final checks); otherwise `pick` chooses
 * it among the groups the command may touch.
 */
abstract class OneGroup {
  protected gid = '';
  constructor(
    protected readonly pick: number,
    private readonly fixed?: string,
  ) {}
  protected choose(groups: readonly string[]): void {
    this.gid = this.fixed ?? (groups[this.pick % groups.length] as string);
  }
  /** The group for the command's description: the chosen one, or the pick before the run. */
  protected label(): string {
    return this.gid ? short(this.gid) : `#${this.pick}`;
  }
}

class CreateChild implements GroupCommand {
  private parent = '';
  constructor(private readonly pick: number) {}
  check = (m: Readonly<GroupsModel>) => m.parents.size > 0;
  async run(m: GroupsModel, r: GroupsReal) {
    const all = [...m.parents.keys()];
    this.parent = all[this.pick % all.length] as string;
    const { gid } = await expectSuccess(`create a child of ${short(this.parent)}`, r.client.postV1ProductsProductKeyDeviceGroups({ path: path(r), body: { parent_gid: this.parent } }));
    expectThat(!m.parents.has(gid), () => `create a child of ${short(this.parent)}: the new gid ${gid} is already a group`);
    m.parents.set(gid, this.parent);
    m.macs.set(gid, new Set());
    m.created.push(gid);
  }
  toString = () => `createChild(${this.parent ? short(this.parent) : `#${this.pick}`})`;
}

class CreateRoot implements GroupCommand {
  check = () => true;
  async run(m: GroupsModel, r: GroupsReal) {
    const root = rootOf(m);
    if (root !== undefined) return expectError(`create a second root (root ${short(root)} exists)`, [GROUP_CODES.oneRoot], r.client.postV1ProductsProductKeyDeviceGroups({ path: path(r) }));
    const { gid } = await expectSuccess('create the root group', r.client.postV1ProductsProductKeyDeviceGroups({ path: path(r) }));
    m.parents.set(gid, '');
    m.macs.set(gid, new Set());
    m.created.push(gid);
  }
  toString = () => 'createRoot';
}

class CreateUnderUnknown implements GroupCommand {
  constructor(private readonly gid: string) {}
  check = (m: Readonly<GroupsModel>) => !m.parents.has(this.gid);
  run = (_m: GroupsModel, r: GroupsReal) =>
    expectError(`create a child of unknown group ${short(this.gid)}`, [GROUP_CODES.parentNotFound], r.client.postV1ProductsProductKeyDeviceGroups({ path: path(r), body: { parent_gid: this.gid } }));
  toString = () => `createChild(unknown ${short(this.gid)})`;
}

class DeleteGroup extends OneGroup implements GroupCommand {
  check = (m: Readonly<GroupsModel>) => m.created.length > 0;
  async run(m: GroupsModel, r: GroupsReal) {
    this.choose(m.created);
    const call = () => r.client.deleteV1ProductsProductKeyDeviceGroupsGid({ path: groupPath(r, this.gid) });
    if ([...m.parents.values()].includes(this.gid)) return expectError(`delete ${short(this.gid)}, which has subgroups`, [GROUP_CODES.hasSubgroup], call());
    if ((m.macs.get(this.gid)?.size ?? 0) > 0) return expectError(`delete ${short(this.gid)}, which has devices`, [GROUP_CODES.hasDevices], call());
    await expectSuccess(`delete empty group ${short(this.gid)}`, call());
    m.parents.delete(this.gid);
    m.macs.delete(this.gid);
    m.created.splice(m.created.indexOf(this.gid), 1);
    m.deleted.push(this.gid);
  }
  override toString = () => `delete(${this.label()})`;
}

class Assign extends OneGroup implements GroupCommand {
  private macs: string[] = [];
  constructor(
    pick: number,
    private readonly macPicks: number[],
    private readonly reassign: boolean,
    private readonly withUnknown: boolean,
  ) {
    super(pick);
  }
  check = (m: Readonly<GroupsModel>) => m.created.length > 0 && m.knownMacs.length > 0;
  async run(m: GroupsModel, r: GroupsReal) {
    this.choose(m.created);
    this.macs = [...new Set(this.macPicks.map((i) => m.knownMacs[i % m.knownMacs.length] as string))];
    if (this.withUnknown) this.macs.push('ffffffffffff-unknown');
    const expected = { success: [] as string[], failed: [] as string[] };
    for (const mac of this.macs) {
      const current = groupOf(m, mac);
      const fails = !m.knownMacs.includes(mac) || (current !== undefined && current !== this.gid && !this.reassign);
      (fails ? expected.failed : expected.success).push(mac);
    }
    const answer = await expectSuccess(
      `assign ${this.macs.length} MAC(s) to ${short(this.gid)}`,
      r.client.putV1ProductsProductKeyDeviceGroupsGid({ path: groupPath(r, this.gid), body: { action: 'assign', reassign: this.reassign, macs: this.macs } }),
    );
    expectOutcome(`assign to ${short(this.gid)} (reassign ${this.reassign})`, expected, answer);
    for (const mac of expected.success) {
      const current = groupOf(m, mac);
      if (current !== undefined) m.macs.get(current)?.delete(mac);
      m.macs.get(this.gid)?.add(mac);
    }
  }
  override toString = () => `assign(${this.label()}, ${this.macs.length || this.macPicks.length} MACs${this.withUnknown ? ' + unknown' : ''}, reassign=${this.reassign})`;
}

class Unassign extends OneGroup implements GroupCommand {
  private macs: string[] = [];
  constructor(
    pick: number,
    private readonly macPicks: number[],
  ) {
    super(pick);
  }
  check = (m: Readonly<GroupsModel>) => m.created.length > 0 && m.knownMacs.length > 0;
  async run(m: GroupsModel, r: GroupsReal) {
    this.choose(m.created);
    this.macs = [...new Set(this.macPicks.map((i) => m.knownMacs[i % m.knownMacs.length] as string))];
    const members = m.macs.get(this.gid) ?? new Set<string>();
    const expected = { success: this.macs.filter((x) => members.has(x)), failed: this.macs.filter((x) => !members.has(x)) };
    const answer = await expectSuccess(
      `unassign ${this.macs.length} MAC(s) from ${short(this.gid)}`,
      r.client.putV1ProductsProductKeyDeviceGroupsGid({ path: groupPath(r, this.gid), body: { action: 'unassign', macs: this.macs } }),
    );
    expectOutcome(`unassign from ${short(this.gid)}`, expected, answer);
    for (const mac of expected.success) members.delete(mac);
  }
  override toString = () => `unassign(${this.label()}, ${this.macs.length || this.macPicks.length} MACs)`;
}

class ListMacs extends OneGroup implements GroupCommand {
  check = (m: Readonly<GroupsModel>) => m.parents.size > 0;
  async run(m: GroupsModel, r: GroupsReal) {
    this.choose([...m.parents.keys()]);
    const { macs } = await expectSuccess(`list the MACs of ${short(this.gid)}`, r.client.getV1ProductsProductKeyDeviceGroupsGid({ path: groupPath(r, this.gid) }));
    const expected = [...(m.macs.get(this.gid) ?? [])].sort();
    expectThat(sameSet(macs, expected), () => `the MACs of ${short(this.gid)} are [${[...macs].sort().join(', ')}], the model has [${expected.join(', ')}]`);
  }
  override toString = () => `listMacs(${this.label()})`;
}

class GetTree implements GroupCommand {
  check = () => true;
  async run(m: GroupsModel, r: GroupsReal) {
    const tree = await expectSuccess('get the group tree', r.client.getV1ProductsProductKeyDeviceGroups({ path: path(r) }));
    const expected = Object.fromEntries(m.parents);
    const same = Object.keys(tree).length === m.parents.size && Object.entries(tree).every(([gid, parent]) => m.parents.get(gid) === parent);
    expectThat(same, () => `the group tree is ${JSON.stringify(tree)}, the model has ${JSON.stringify(expected)}`);
  }
  toString = () => 'getTree';
}

class ReadDeleted extends OneGroup implements GroupCommand {
  check = (m: Readonly<GroupsModel>) => m.deleted.length > 0;
  async run(m: GroupsModel, r: GroupsReal) {
    this.choose(m.deleted);
    await expectError(`list the MACs of deleted group ${short(this.gid)}`, [GROUP_CODES.notFound], r.client.getV1ProductsProductKeyDeviceGroupsGid({ path: groupPath(r, this.gid) }));
  }
  override toString = () => `readDeleted(${this.label()})`;
}

function expectOutcome(what: string, expected: { success: string[]; failed: string[] }, answer: { success: string[]; failed: string[] }): void {
  expectThat(
    sameSet(answer.success, expected.success) && sameSet(answer.failed, expected.failed),
    () => `${what}: answered success [${answer.success.join(', ')}] failed [${answer.failed.join(', ')}], the model predicts success [${expected.success.join(', ')}] failed [${expected.failed.join(', ')}]`,
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((x) => left.has(x));
}
