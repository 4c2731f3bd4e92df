/**
 * A product's device groups: a tree with at most one root, and each MAC in at most one group.
 * The rules are the document's error codes: one root (5203), a parent must exist (5202), a group
 * is deleted only when it has no subgroups (5204) and no devices (5205), unknown groups 5206.
 */

import { Code, fail } from './errors.js';

/** At most this many MACs per assign or unassign call. */
export const MAX_MACS_PER_UPDATE = 1000;

export type UpdateOutcome = {
  success: string[];
  failed: string[];
};

export class GroupTree {
  /** gid → parent gid ('' for the root), in creation order. */
  private readonly parents = new Map<string, string>();
  /** gid → its MACs, in assignment order. */
  private readonly members = new Map<string, Set<string>>();
  /** MAC → its group. */
  private readonly groupOfMac = new Map<string, string>();

  has(gid: string): boolean {
    return this.parents.has(gid);
  }

  /** Creates the root (no parent) or a child of `parentGid`, with the given fresh id. */
  create(gid: string, parentGid?: string): string {
    if (this.parents.has(gid)) throw new Error(`group id ${gid} is taken`);
    if (parentGid === undefined) {
      if (this.root() !== undefined) fail(Code.rootGroupExists, 'a product can have only one root device group');
    } else if (!this.parents.has(parentGid)) {
      fail(Code.parentGroupNotExist, `parent group ${parentGid} does not exist`);
    }
    this.parents.set(gid, parentGid ?? '');
    this.members.set(gid, new Set());
    return gid;
  }

  delete(gid: string): void {
    this.require(gid);
    if ([...this.parents.values()].includes(gid)) fail(Code.groupHasSubgroup, 'delete the subgroups first');
    if (this.members.get(gid)!.size > 0) fail(Code.groupHasDevices, 'unassign the devices first');
    this.parents.delete(gid);
    this.members.delete(gid);
  }

  macs(gid: string): string[] {
    this.require(gid);
    return [...this.members.get(gid)!];
  }

  /**
   * Puts MACs into the group. A MAC the product does not know fails; one already in another group
   * moves only with `reassign`, otherwise it fails; one already in this group succeeds.
   */
  assign(gid: string, macs: readonly string[], options: { reassign: boolean; known: (mac: string) => boolean }): UpdateOutcome {
    this.requireBatch(gid, macs);
    const outcome: UpdateOutcome = { success: [], failed: [] };
    for (const mac of macs) {
      const current = this.groupOfMac.get(mac);
      if (!options.known(mac) || (current !== undefined && current !== gid && !options.reassign)) {
        outcome.failed.push(mac);
        continue;
      }
      if (current !== undefined) this.members.get(current)!.delete(mac);
      this.members.get(gid)!.add(mac);
      this.groupOfMac.set(mac, gid);
      outcome.success.push(mac);
    }
    return outcome;
  }

  /** Takes MACs out of the group; a MAC that is not in it fails. */
  unassign(gid: string, macs: readonly string[]): UpdateOutcome {
    this.requireBatch(gid, macs);
    const outcome: UpdateOutcome = { success: [], failed: [] };
    for (const mac of macs) {
      if (this.groupOfMac.get(mac) !== gid) {
        outcome.failed.push(mac);
        continue;
      }
      this.members.get(gid)!.delete(mac);
      this.groupOfMac.delete(mac);
      outcome.success.push(mac);
    }
    return outcome;
  }

  /** The tree as the API answers it: gid → parent gid, the root → ''. */
  tree(): Record<string, string> {
    return Object.fromEntries(this.parents);
  }

  root(): string | undefined {
    for (const [gid, parent] of this.parents) if (parent === '') return gid;
    return undefined;
  }

  groupOf(mac: string): string | undefined {
    return this.groupOfMac.get(mac);
  }

  /** The MACs of a group and of all its descendants (what a report "of a group" covers). */
  subtreeMacs(gid: string): Set<string> {
    this.require(gid);
    const gids = new Set([gid]);
    // Parents are created before their children, so one pass in creation order finds every descendant.
    for (const [child, parent] of this.parents) if (gids.has(parent)) gids.add(child);
    const macs = new Set<string>();
    for (const g of gids) for (const mac of this.members.get(g)!) macs.add(mac);
    return macs;
  }

  private require(gid: string): void {
    if (!this.parents.has(gid)) fail(Code.groupNotExist, `group ${gid} does not exist`);
  }

  private requireBatch(gid: string, macs: readonly string[]): void {
    this.require(gid);
    if (macs.length === 0 || macs.length > MAX_MACS_PER_UPDATE) {
      fail(Code.formInvalid, `macs must list 1 to ${MAX_MACS_PER_UPDATE} MACs, got ${macs.length}`);
    }
  }
}
