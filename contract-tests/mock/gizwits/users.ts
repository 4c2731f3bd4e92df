/**
 * User answers: registered users of the enterprise's apps and users bound to a product's devices,
 * with the search filters of both.
 */

import { Code, fail } from './errors.js';
import type { Binding, Device, User } from './model.js';

export interface RegisteredUserQuery {
  appid?: string;
  username?: string;
  phone?: string;
  email?: string;
}

export interface BindingUserQuery {
  type?: string;
  val?: string;
}

export function searchRegistered(users: readonly User[], query: RegisteredUserQuery): User[] {
  return users.filter(
    (u) =>
      (query.appid === undefined || u.appid === query.appid) &&
      (query.username === undefined || u.username === query.username) &&
      (query.phone === undefined || u.phone === query.phone) &&
      (query.email === undefined || u.email?.toLowerCase() === query.email.toLowerCase()),
  );
}

export function registeredItem(u: User) {
  return {
    uid: u.uid,
    username: u.username,
    phone: u.phone,
    email: u.email,
    birthday: u.birthday,
    is_anonymous: u.isAnonymous,
    gender: u.gender,
    address: u.address,
    remark: u.remark,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
  };
}

/** The field a binding-user search condition (`type`, `val`) compares. */
const USER_FIELDS: Record<string, (u: User) => string | null> = {
  uid: (u) => u.uid,
  username: (u) => u.username,
  phone: (u) => u.phone,
  email: (u) => u.email,
};

export interface BindingUserHit {
  user: User;
  /** Only when searching by did: whether the user owns that device. */
  isOwner?: boolean;
}

/**
 * Users bound to `devices`. `type=did` lists the users of that device with their ownership (an
 * unknown did answers 5301); `uid`, `username`, `phone`, `email` match that field. The spec
 * leaves `type` a free string (the document lists no values), so any other type is accepted
 * and matches nobody rather than being refused.
 */
export function searchBindingUsers(devices: readonly Device[], bindings: readonly Binding[], users: readonly User[], query: BindingUserQuery): BindingUserHit[] {
  const dids = new Set(devices.map((d) => d.did));
  const relevant = bindings.filter((b) => dids.has(b.did));
  if (query.type === undefined || query.val === undefined) return usersOf(relevant, users).map((user) => ({ user }));
  if (query.type === 'did') {
    if (!dids.has(query.val)) fail(Code.deviceNotExist, `device ${query.val} does not exist`);
    const ofDevice = relevant.filter((b) => b.did === query.val);
    return usersOf(ofDevice, users).map((user) => ({ user, isOwner: ofDevice.some((b) => b.uid === user.uid && b.isOwner) }));
  }
  const field = Object.hasOwn(USER_FIELDS, query.type) ? USER_FIELDS[query.type] : undefined;
  return usersOf(relevant, users)
    .filter((u) => field !== undefined && field(u) === query.val)
    .map((user) => ({ user }));
}

function usersOf(bindings: readonly Binding[], users: readonly User[]): User[] {
  const uids = new Set(bindings.map((b) => b.uid));
  return users.filter((u) => uids.has(u.uid));
}

export function bindingItem({ user: u, isOwner }: BindingUserHit) {
  return {
    uid: u.uid,
    username: u.username,
    name: u.name,
    phone: u.phone,
    email: u.email,
    birthday: u.birthday,
    gender: u.gender,
    address: u.address,
    remark: u.remark,
    created_at: u.createdAt,
    is_anonymous: u.isAnonymous,
    auth_src: null,
    ...(isOwner !== undefined && { is_owner: isOwner }),
  };
}
