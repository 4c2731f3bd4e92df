/**
 * Device answers and rules: enumeration filters, detail shapes, and remote control (a command
 * is recorded in the communication log; an `attrs` command also changes the device's state,
 * which the device reports back).
 */

import { bytesHex, checkControlAttrs, encodeStatus, frame } from './datapoints.js';
import { Code, fail } from './errors.js';
import type { Binding, Device, Product } from './model.js';
import { matchesPlace, openIssues, type PlaceFilter } from './reports.js';

export interface DeviceSearchQuery extends PlaceFilter {
  is_online?: 0 | 1;
  is_faulty?: 0 | 1;
  is_alert?: 0 | 1;
  show_disabled?: 0 | 1;
  liveness_start?: string;
  type?: 'did' | 'mac' | 'uid';
  val?: string;
}

export type ControlCommand = { raw: number[]; attrs?: undefined } | { attrs: Record<string, unknown>; raw?: undefined };

/** Devices matching every given filter; logged-off devices only with `show_disabled=1`. */
export function searchDevices(product: Product, candidates: readonly Device[], bindings: readonly Binding[], query: DeviceSearchQuery): Device[] {
  const open = openIssues(product.events);
  const since = query.liveness_start === undefined ? undefined : Number(query.liveness_start);
  if (since !== undefined && !Number.isFinite(since)) fail(Code.formInvalid, 'liveness_start must be a timestamp');
  const flag = (wanted: 0 | 1 | undefined, actual: boolean) => wanted === undefined || (wanted === 1) === actual;
  return candidates.filter(
    (d) =>
      (query.show_disabled === 1 || !d.isDisabled) &&
      matchesPlace(d, query) &&
      flag(query.is_online, d.isOnline) &&
      flag(query.is_faulty, open.get(d.did)?.fault ?? false) &&
      flag(query.is_alert, open.get(d.did)?.alert ?? false) &&
      (since === undefined || (d.onlineLatest ?? -Infinity) >= since) &&
      matchesCondition(d, bindings, query),
  );
}

function matchesCondition(d: Device, bindings: readonly Binding[], query: DeviceSearchQuery): boolean {
  if (query.type === undefined || query.val === undefined) return true;
  if (query.type === 'did') return d.did === query.val;
  if (query.type === 'mac') return d.mac === query.val.toLowerCase();
  return bindings.some((b) => b.did === d.did && b.uid === query.val);
}

export function searchItem(d: Device, product: Product) {
  const open = openIssues(product.events).get(d.did);
  return {
    did: d.did,
    mac: d.mac,
    is_online: d.isOnline,
    country: d.place.country,
    region: d.place.region,
    city: d.place.city,
    longitude: d.place.longitude,
    latitude: d.place.latitude,
    is_faulty: open?.fault ?? false,
    is_alert: open?.alert ?? false,
    online_latest: d.onlineLatest,
    created_at: d.createdAt,
    mcu_hard_version: d.versions.mcuHard,
    mcu_soft_version: d.versions.mcuSoft,
    wifi_hard_version: d.versions.wifiHard,
    wifi_soft_version: d.versions.wifiSoft,
  };
}

export function detail(d: Device) {
  return { did: d.did, mac: d.mac, product_key: d.productKey, is_online: d.isOnline, is_disabled: d.isDisabled, type: d.type };
}

/**
 * Sends a command: logged-off devices refuse (5304), offline ones cannot receive it (5305), `attrs`
 * need data points (5402) and valid values (5401, 5405).
 */
export function control(product: Product, device: Device, command: ControlCommand, nowSeconds: number): void {
  if (device.isDisabled) fail(Code.deviceDisabled, `device ${device.did} is logged off`);
  if (!device.isOnline) fail(Code.deviceOffline, `device ${device.did} is offline`);
  if (command.raw !== undefined) {
    if (command.raw.length === 0 || command.raw.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) fail(Code.formInvalid, 'raw must list byte values 0..255');
    device.cmd.push({ timestamp: nowSeconds, type: 'app2dev', payload: bytesHex(command.raw) });
    return;
  }
  const definition = product.datapoints ?? fail(Code.datapointNotFound, `product ${product.productKey} defines no data points`);
  const changes = checkControlAttrs(definition, command.attrs);
  const attrs = { ...device.attrs, ...changes };
  device.cmd.push({ timestamp: nowSeconds, type: 'app2dev', payload: frame('0090', '01' + encodeStatus(definition, attrs)) });
  device.attrs = attrs;
  device.data.push({ ts: Math.floor(nowSeconds), attrs: { ...attrs } });
  device.cmd.push({ timestamp: nowSeconds, type: 'dev2app', payload: frame('0091', '04' + encodeStatus(definition, attrs)) });
}
