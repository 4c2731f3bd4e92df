/**
 * The mock's domain records. Times are epoch seconds (history timestamps may be fractional);
 * the shapes are the domain's, the answers' shapes are built from them.
 */

import type { DatapointDefinition } from './datapoints.js';
import type { GroupTree } from './groups.js';

export interface Place {
  country: string;
  region: string;
  city: string;
  longitude: number;
  latitude: number;
}

/** A data point value as devices report it: bool as 0/1, enum as its label, numbers scaled, binary as hex. */
export type AttrValue = number | string;
export type Attrs = Record<string, AttrValue>;

export type DataRecord = {
  ts: number;
  attrs: Attrs;
};

export type CmdRecord = {
  timestamp: number;
  type: 'dev2app' | 'app2dev';
  /** Hex of the raw bytes. */
  payload: string;
};

export type OnlineRecord = {
  timestamp: number;
  type: 'dev_online' | 'dev_offline';
  payload: {
    keep_alive?: number;
    duration?: number;
    heartbeat?: { count: number; max: number; min: number; avg: number; last: number };
    reason?: string;
  };
};

/** A fault or alarm raised by a device on one of its fault (E) or alarm (N) data points. */
export interface DeviceEvent {
  did: string;
  kind: 'fault' | 'alert';
  attr: string;
  ts: number;
  resolved: boolean;
}

export interface Device {
  did: string;
  mac: string;
  productKey: string;
  passcode: string;
  type: 'normal';
  isOnline: boolean;
  isDisabled: boolean;
  place: Place;
  /** Activation time. */
  createdAt: number;
  /** Start of the current online session, or end of the last one. */
  onlineLatest: number | null;
  versions: { mcuHard: string | null; mcuSoft: string | null; wifiHard: string | null; wifiSoft: string | null };
  /** Latest reported data point values. */
  attrs: Attrs;
  /** Chance of reporting data on a day before the stored history (liveness reports). */
  activity: number;
  /** Ascending by time. */
  data: DataRecord[];
  cmd: CmdRecord[];
  online: OnlineRecord[];
}

export interface App {
  appid: string;
  name: string;
}

export interface User {
  uid: string;
  appid: string;
  username: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  birthday: string | null;
  gender: string | null;
  address: string | null;
  remark: string | null;
  isAnonymous: boolean;
  createdAt: number;
  updatedAt: number;
  place: Place | null;
  /** Chance of being active on a given day (liveness report). */
  activity: number;
}

export interface Binding {
  did: string;
  uid: string;
  appid: string;
  isOwner: boolean;
  createdAt: number;
}

export interface Product {
  productKey: string;
  productSecret: string;
  name: string;
  /** `null`: the product defines no data points (datapoint and attrs control answer 5402). */
  datapoints: DatapointDefinition | null;
  devices: Device[];
  groups: GroupTree;
  events: DeviceEvent[];
}

export interface Enterprise {
  enterpriseId: string;
  enterpriseSecret: string;
}

export interface World {
  seed: number;
  enterprise: Enterprise;
  /** The first product is the demo product whose credentials the mock prints. */
  products: Product[];
  apps: App[];
  users: User[];
  bindings: Binding[];
}
