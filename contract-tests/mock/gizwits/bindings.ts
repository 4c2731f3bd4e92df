/**
 * Binding devices to a user of an app. The app (5016) and the user in that app (5017) must
 * exist; each did succeeds or fails on its own: a did of another product, an unknown or a
 * logged-off device fails to bind, a did not bound to that user fails to unbind.
 */

import { Code, fail } from './errors.js';
import type { Binding, Product, World } from './model.js';

export interface BindingCommand {
  uid: string;
  appid: string;
  dids: string[];
}

export type BindingOutcome = {
  success: string[];
  failed: string[];
};

export function bind(world: World, product: Product, command: BindingCommand, nowSeconds: number): BindingOutcome {
  requireUser(world, command);
  const outcome: BindingOutcome = { success: [], failed: [] };
  for (const did of command.dids) {
    const device = product.devices.find((d) => d.did === did);
    if (!device || device.isDisabled) {
      outcome.failed.push(did);
      continue;
    }
    if (!findBinding(world.bindings, did, command)) {
      const owned = world.bindings.some((b) => b.did === did && b.isOwner);
      world.bindings.push({ did, uid: command.uid, appid: command.appid, isOwner: !owned, createdAt: Math.floor(nowSeconds) });
    }
    outcome.success.push(did);
  }
  return outcome;
}

export function unbind(world: World, product: Product, command: BindingCommand): BindingOutcome {
  requireUser(world, command);
  const outcome: BindingOutcome = { success: [], failed: [] };
  for (const did of command.dids) {
    const binding = product.devices.some((d) => d.did === did) ? findBinding(world.bindings, did, command) : undefined;
    if (!binding) {
      outcome.failed.push(did);
      continue;
    }
    world.bindings.splice(world.bindings.indexOf(binding), 1);
    outcome.success.push(did);
  }
  return outcome;
}

function requireUser(world: World, command: BindingCommand): void {
  if (!world.apps.some((a) => a.appid === command.appid)) fail(Code.appidNotExist, `app ${command.appid} does not exist`);
  if (!world.users.some((u) => u.uid === command.uid && u.appid === command.appid)) {
    fail(Code.uidNotExist, `user ${command.uid} does not exist in app ${command.appid}`);
  }
}

function findBinding(bindings: readonly Binding[], did: string, command: BindingCommand): Binding | undefined {
  return bindings.find((b) => b.did === did && b.uid === command.uid && b.appid === command.appid);
}
