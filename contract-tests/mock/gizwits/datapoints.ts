/**
 * A product's data points (an air conditioner, like the document's examples): their definition,
 * the `datapoint` answer with its mobile UI, random plausible values, the check of a control
 * command's `attrs`, and the byte encoding of a status for the communication log.
 */

import { Code, fail } from './errors.js';
import type { AttrValue, Attrs } from './model.js';
import type { Prng } from '../../util/prng.js';

/** W read/write, R read only, N alarm, E fault. */
export type AttrKind = 'status_writable' | 'status_readonly' | 'alert' | 'fault';

export interface AttrDefinition {
  id: number;
  name: string;
  display_name: string;
  type: AttrKind;
  data_type: 'bool' | 'enum' | 'uint8' | 'uint16' | 'uint32' | 'binary';
  /** Numeric data points: value = raw * ratio + addition, raw in [min, max]. */
  uint_spec?: { min: number; max: number; ratio: number; addition: number };
  enum?: string[];
  /** Binary data points: length in bytes. */
  bytes?: number;
}

export interface DatapointDefinition {
  name: string;
  attrs: AttrDefinition[];
}

const PERM: Record<AttrKind, string> = { status_writable: 'W', status_readonly: 'R', alert: 'N', fault: 'E' };
const UINT_BYTES = { uint8: 1, uint16: 2, uint32: 4 } as const;

export function airConditioner(name: string): DatapointDefinition {
  const attrs: Omit<AttrDefinition, 'id'>[] = [
    { name: 'switch', display_name: '开关', type: 'status_writable', data_type: 'bool' },
    { name: 'mode', display_name: '模式', type: 'status_writable', data_type: 'enum', enum: ['自动', '制冷', '制热', '送风', '除湿'] },
    { name: 'fan_speed', display_name: '风速', type: 'status_writable', data_type: 'enum', enum: ['低风', '中风', '高风', '自动'] },
    { name: 'fan_swing', display_name: '扫风', type: 'status_writable', data_type: 'bool' },
    { name: 'set_temp', display_name: '设定温度', type: 'status_writable', data_type: 'uint8', uint_spec: { min: 16, max: 30, ratio: 1, addition: 0 } },
    { name: 'on_timing', display_name: '定时开机', type: 'status_writable', data_type: 'uint16', uint_spec: { min: 0, max: 1440, ratio: 1, addition: 0 } },
    { name: 'off_timing', display_name: '定时关机', type: 'status_writable', data_type: 'uint16', uint_spec: { min: 0, max: 1440, ratio: 1, addition: 0 } },
    { name: 'binary', display_name: '扩展数据', type: 'status_writable', data_type: 'binary', bytes: 5 },
    { name: 'room_temp', display_name: '室内温度', type: 'status_readonly', data_type: 'uint8', uint_spec: { min: 0, max: 100, ratio: 1, addition: -40 } },
    { name: 'alert_full', display_name: '水满报警', type: 'alert', data_type: 'bool' },
    { name: 'alert_shutdown', display_name: '停机报警', type: 'alert', data_type: 'bool' },
    { name: 'fault_roomtemp', display_name: '室温传感器故障', type: 'fault', data_type: 'bool' },
  ];
  return { name, attrs: attrs.map((a, id) => ({ ...a, id })) };
}

/** The answer of GET datapoint: entities with positions, and the mobile UI definition. */
export function datapointAnswer(definition: DatapointDefinition, productKey: string) {
  const at = positions(definition);
  const attrs = definition.attrs.map((a, i) => ({
    id: a.id,
    name: a.name,
    display_name: a.display_name,
    desc: '.....',
    type: a.type,
    data_type: a.data_type,
    ...(a.uint_spec && { uint_spec: a.uint_spec }),
    ...(a.enum && { enum: a.enum }),
    position: at[i]!,
  }));
  return {
    name: definition.name,
    entities: [{ id: 0, name: 'entity0', display_name: '机智云开发套件', attrs }],
    protocolType: 'standard',
    product_key: productKey,
    packetVersion: '0x00000004',
    ui: { object: { version: 4, showEditButton: false }, sections: [{ elements: definition.attrs.map(uiElement) }] },
  };
}

/** Byte and bit positions: booleans share bytes bit by bit, every other type starts on a fresh byte. */
function positions(definition: DatapointDefinition) {
  let byte = 0;
  let bit = 0;
  return definition.attrs.map((a) => {
    if (a.data_type === 'bool') {
      const at = { byte_offset: byte, bit_offset: bit, len: 1, unit: 'bit' };
      if (++bit === 8) [byte, bit] = [byte + 1, 0];
      return at;
    }
    if (bit > 0) [byte, bit] = [byte + 1, 0];
    const len = byteLength(a);
    const at = { byte_offset: byte, bit_offset: 0, len, unit: 'byte' };
    byte += len;
    return at;
  });
}

function byteLength(a: AttrDefinition): number {
  if (a.data_type === 'binary') return a.bytes ?? 1;
  if (a.data_type === 'enum') return 1;
  return a.data_type === 'bool' ? 1 : UINT_BYTES[a.data_type];
}

function uiElement(a: AttrDefinition) {
  const key = `entity0.${a.name}`;
  const object = { action: 'entity0', bind: [key], perm: PERM[a.type] };
  if (a.type !== 'status_writable') return { type: 'QLabelElement', key, title: a.display_name, object };
  switch (a.data_type) {
    case 'bool':
      return { type: 'QBooleanElement', key, title: a.display_name, boolValue: false, object };
    case 'enum':
      return { type: 'QRadioElement', key, title: a.display_name, items: a.enum ?? [], object };
    case 'binary':
      return { type: 'QMultilineElement', key, title: a.display_name, keyboardType: 'NumbersAndPunctuation', maxLength: 2 * (a.bytes ?? 1), object };
    default: {
      const [min, max] = valueRange(a);
      return {
        type: 'QFloatElement',
        key,
        title: a.display_name,
        bind: 'floatValue:float',
        minimumValue: min,
        maximumValue: max,
        value: 0,
        object: { ...object, unit_spec: { min, max, step: a.uint_spec?.ratio ?? 1 } },
      };
    }
  }
}

/** Smallest and largest value of a numeric data point. */
function valueRange(a: AttrDefinition): [number, number] {
  const spec = a.uint_spec ?? { min: 0, max: 0, ratio: 1, addition: 0 };
  return [spec.min * spec.ratio + spec.addition, spec.max * spec.ratio + spec.addition];
}

/** A plausible value for every data point (alarms and faults off). */
export function randomAttrs(definition: DatapointDefinition, prng: Prng): Attrs {
  const attrs: Attrs = {};
  for (const a of definition.attrs) {
    if (a.type === 'alert' || a.type === 'fault') attrs[a.name] = 0;
    else if (a.data_type === 'bool') attrs[a.name] = prng.chance(0.5) ? 1 : 0;
    else if (a.data_type === 'enum') attrs[a.name] = prng.pick(a.enum ?? ['']);
    else if (a.data_type === 'binary') attrs[a.name] = prng.hex(2 * (a.bytes ?? 1));
    else {
      const spec = a.uint_spec!;
      attrs[a.name] = prng.int(spec.min, spec.max) * spec.ratio + spec.addition;
    }
  }
  return attrs;
}

/**
 * The `attrs` of a control command, checked and normalised to reported values: unknown names
 * answer 5405, values a device would refuse (wrong type, out of range, not writable) 5401.
 */
export function checkControlAttrs(definition: DatapointDefinition, attrs: Record<string, unknown>): Attrs {
  const out: Attrs = {};
  for (const [name, value] of Object.entries(attrs)) {
    const a = definition.attrs.find((d) => d.name === name);
    if (!a) fail(Code.attrsNotExist, `data point '${name}' is not defined`);
    if (a.type !== 'status_writable') fail(Code.attrInvalid, `data point '${name}' is not writable`);
    out[name] = normalise(a, value) ?? fail(Code.attrInvalid, `invalid value for data point '${name}' (${a.data_type})`);
  }
  return out;
}

function normalise(a: AttrDefinition, value: unknown): AttrValue | undefined {
  switch (a.data_type) {
    case 'bool':
      if (value === true || value === 1) return 1;
      if (value === false || value === 0) return 0;
      return undefined;
    case 'enum': {
      const labels = a.enum ?? [];
      if (typeof value === 'string' && labels.includes(value)) return value;
      if (typeof value === 'number' && Number.isInteger(value)) return labels[value];
      return undefined;
    }
    case 'binary': {
      const length = 2 * (a.bytes ?? 1);
      if (typeof value !== 'string' || !/^[0-9a-fA-F]*$/.test(value) || value.length > length) return undefined;
      return value.toLowerCase().padEnd(length, '0');
    }
    default: {
      const [min, max] = valueRange(a);
      return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : undefined;
    }
  }
}

/** The status as the device would send it: one byte per enum, big-endian raw numbers, packed booleans. */
export function encodeStatus(definition: DatapointDefinition, attrs: Attrs): string {
  let bits = 0;
  let bitCount = 0;
  const bytes: number[] = [];
  const flushBits = () => {
    if (bitCount > 0) bytes.push(bits);
    [bits, bitCount] = [0, 0];
  };
  for (const a of definition.attrs) {
    const value = attrs[a.name];
    if (a.data_type === 'bool') {
      if (value === 1) bits |= 1 << bitCount;
      if (++bitCount === 8) flushBits();
      continue;
    }
    flushBits();
    if (a.data_type === 'enum') bytes.push(Math.max(0, (a.enum ?? []).indexOf(String(value))));
    else if (a.data_type === 'binary') bytes.push(...hexBytes(String(value ?? '')));
    else {
      const spec = a.uint_spec!;
      let raw = Math.round((Number(value ?? 0) - spec.addition) / spec.ratio);
      const size = UINT_BYTES[a.data_type];
      const chunk: number[] = [];
      for (let i = 0; i < size; i++, raw = Math.floor(raw / 256)) chunk.unshift(raw & 0xff);
      bytes.push(...chunk);
    }
  }
  flushBits();
  return bytesHex(bytes);
}

/** A Gizwits protocol frame: header 00000003, length, flag 00, command, body. */
export function frame(command: string, bodyHex: string): string {
  const rest = '00' + command + bodyHex;
  return '00000003' + bytesHex([rest.length / 2]) + rest;
}

export function bytesHex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

function hexBytes(hex: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}
