import { refPointer } from '../ir/refs.js';
import { isRecord, type JsonObject } from '../ir/values.js';
import { getAt } from '../load/pointer.js';
import type { Direction } from './change.js';
import type { Finding } from './collector.js';
import type { RuleId } from './rules.js';
import { accepts, compareBounds, viewOf, type Alternatives, type Bound, type JsonType, type Located, type SchemaView } from './schema-view.js';

/** What a schema is part of: the side of the exchange and how to name it in messages. */
export interface SchemaScope {
  direction: Direction;
  /** e.g. `request body`, `query parameter \`limit\``, `reply payload`. */
  label: string;
  /** An MQTT reply payload: a removed property is `reply-field-removed`. */
  replyPayload?: boolean;
}

export type SchemaFinding = Omit<Finding, 'site'>;

/**
 * Walks an old and a new schema in parallel, following `$ref`s in each document, and reports
 * each difference at the deepest pointer where it shows. Results are cached per pair of
 * schemas (and side), which also ends cycles: a pair met again while it is being compared adds
 * nothing, its findings come from the first visit.
 */
export class SchemaComparer {
  private readonly cache = new Map<string, SchemaFinding[] | 'busy'>();

  constructor(
    private readonly oldDocument: JsonObject,
    private readonly newDocument: JsonObject,
  ) {}

  /** `path` names the schema inside its scope in messages (`items[].name`); '' is the scope's root. */
  compare(oldPointers: readonly string[], newPointers: readonly string[], scope: SchemaScope, path = ''): SchemaFinding[] {
    const before = viewOf(this.oldDocument, oldPointers);
    const after = viewOf(this.newDocument, newPointers);
    // Keyed by what the schemas are, not by the `$ref`s that led there: a recursive schema met
    // again one level down is the pair being compared, and reports at its shallowest path.
    const key = JSON.stringify([before.identity, after.identity, scope.direction, scope.replyPayload === true]);
    const cached = this.cache.get(key);
    if (cached === 'busy') return [];
    if (cached) return cached;
    this.cache.set(key, 'busy');
    const findings = new PairWalk(this, before, after, scope, path).run();
    this.cache.set(key, findings);
    return findings;
  }

  refTarget(side: 'old' | 'new', pointer: string): string | undefined {
    const node = getAt(side === 'old' ? this.oldDocument : this.newDocument, pointer);
    return isRecord(node) && typeof node.$ref === 'string' ? refPointer(node.$ref) : undefined;
  }

  readOnlyOrWriteOnly(side: 'old' | 'new', pointers: readonly string[], direction: Direction): boolean {
    const view = viewOf(side === 'old' ? this.oldDocument : this.newDocument, pointers);
    // A read-only property is never sent, a write-only one never received.
    return direction === 'request' ? view.readOnly : view.writeOnly;
  }
}

/** One level of the parallel walk: compares two views and descends into their subschemas. */
class PairWalk {
  private readonly findings: SchemaFinding[] = [];
  private readonly subject: string;

  constructor(
    private readonly comparer: SchemaComparer,
    private readonly o: SchemaView,
    private readonly n: SchemaView,
    private readonly scope: SchemaScope,
    private readonly path: string,
  ) {
    this.subject = path === '' ? scope.label : `${scope.label} property \`${path}\``;
  }

  run(): SchemaFinding[] {
    if (!this.types()) return this.findings;
    this.values();
    this.bounds();
    this.counts();
    this.patterns();
    this.formats();
    this.multiples();
    this.closedness();
    this.properties();
    this.subschemas();
    return this.findings;
  }

  private emit(rule: RuleId, oldPointer: string, newPointer: string, text: string): void {
    this.findings.push({ rule, direction: this.scope.direction, old: oldPointer, new: newPointer, text });
  }

  private descend(oldPointers: readonly string[], newPointers: readonly string[], path: string): void {
    this.findings.push(...this.comparer.compare(oldPointers, newPointers, this.scope, path));
  }

  /** False when the types have nothing in common: the rest of the schema is then beside the point. */
  private types(): boolean {
    const before = this.o.types?.value;
    const after = this.n.types?.value;
    const widened = covers(after, before);
    const narrowed = covers(before, after);
    if (widened && narrowed) return true;
    const compatible = this.scope.direction === 'request' ? widened : narrowed;
    this.emit(
      compatible ? 'type-changed-compatible' : 'type-changed',
      this.o.types?.pointer ?? this.o.anchor,
      this.n.types?.pointer ?? this.n.anchor,
      `${this.subject} type changed from ${typeText(before)} to ${typeText(after)}`,
    );
    return !before || !after || [...before].some((type) => accepts(after, type) || (type === 'number' && after.has('integer')));
  }

  private values(): void {
    const { o, n } = this;
    if (o.values && n.values) {
      const removed = o.values.value.filter((value) => !includesValue(n.values!.value, value));
      const added = n.values.value.filter((value) => !includesValue(o.values!.value, value));
      if (removed.length > 0) this.emit('enum-value-removed', o.values.pointer, n.values.pointer, `${this.subject} no longer allows ${valuesText(removed)}`);
      if (added.length > 0) this.emit('enum-value-added', o.values.pointer, n.values.pointer, `${this.subject} now also allows ${valuesText(added)}`);
    } else if (n.values) {
      this.emit('enum-constraint-added', o.anchor, n.values.pointer, `${this.subject} is now restricted to ${valuesText(n.values.value)}`);
    } else if (o.values) {
      this.emit('enum-constraint-removed', o.values.pointer, n.anchor, `${this.subject} is no longer restricted to ${valuesText(o.values.value)}`);
    }
  }

  private bounds(): void {
    for (const side of ['lower', 'upper'] as const) {
      const before = this.o[side];
      const after = this.n[side];
      const stricter = compareOptionalBounds(after, before, side);
      if (stricter === 0) continue;
      const rule: RuleId = side === 'lower' ? (stricter > 0 ? 'minimum-increased' : 'minimum-decreased') : stricter > 0 ? 'maximum-decreased' : 'maximum-increased';
      const word = side === 'lower' ? 'minimum' : 'maximum';
      this.emit(rule, before?.pointer ?? this.o.anchor, after?.pointer ?? this.n.anchor, `${this.subject} ${word} changed from ${boundText(before, side)} to ${boundText(after, side)}`);
    }
  }

  private counts(): void {
    const limits = [
      ['minLength', 'min-length-increased', 'min-length-decreased', 0],
      ['maxLength', 'max-length-increased', 'max-length-decreased', Infinity],
      ['minItems', 'min-items-increased', 'min-items-decreased', 0],
      ['maxItems', 'max-items-increased', 'max-items-decreased', Infinity],
    ] as const;
    for (const [keyword, increased, decreased, absent] of limits) {
      const before: Located<number> | undefined = this.o[keyword];
      const after: Located<number> | undefined = this.n[keyword];
      const from = before?.value ?? absent;
      const to = after?.value ?? absent;
      if (from === to) continue;
      const text = `${this.subject} ${keyword} changed from ${countText(before)} to ${countText(after)}`;
      this.emit(to > from ? increased : decreased, before?.pointer ?? this.o.anchor, after?.pointer ?? this.n.anchor, text);
    }
  }

  private patterns(): void {
    const before = this.o.patterns;
    const after = this.n.patterns;
    const key = (list: Located<string>[]) => JSON.stringify(list.map((p) => p.value).sort());
    if (key(before) === key(after)) return;
    const oldPointer = before[0]?.pointer ?? this.o.anchor;
    const newPointer = after[0]?.pointer ?? this.n.anchor;
    const shown = (list: Located<string>[]) => list.map((p) => `\`${p.value}\``).join(' and ');
    if (before.length === 0) this.emit('pattern-added', oldPointer, newPointer, `${this.subject} must now match ${shown(after)}`);
    else if (after.length === 0) this.emit('pattern-removed', oldPointer, newPointer, `${this.subject} no longer has to match ${shown(before)}`);
    else this.emit('pattern-changed', oldPointer, newPointer, `${this.subject} pattern changed from ${shown(before)} to ${shown(after)}`);
  }

  private formats(): void {
    const before = this.o.formats;
    const after = this.n.formats;
    const key = (list: Located<string>[]) => JSON.stringify([...new Set(list.map((f) => f.value))].sort());
    if (key(before) === key(after)) return;
    const oldPointer = before[0]?.pointer ?? this.o.anchor;
    const newPointer = after[0]?.pointer ?? this.n.anchor;
    const shown = (list: Located<string>[]) => list.map((f) => `\`${f.value}\``).join(' and ');
    if (before.length === 0) this.emit('format-added', oldPointer, newPointer, `${this.subject} must now be of format ${shown(after)}`);
    else if (after.length === 0) this.emit('format-removed', oldPointer, newPointer, `${this.subject} no longer has to be of format ${shown(before)}`);
    else this.emit('format-changed', oldPointer, newPointer, `${this.subject} format changed from ${shown(before)} to ${shown(after)}`);
  }

  private multiples(): void {
    const before = this.o.multiplesOf;
    const after = this.n.multiplesOf;
    // Stricter: every old factor divides a new one; looser: every new factor divides an old one.
    const stricter = before.every((a) => after.some((b) => isMultiple(b.value, a.value)));
    const looser = after.every((b) => before.some((a) => isMultiple(a.value, b.value)));
    if (stricter && looser) return;
    const shown = (list: Located<number>[]) => (list.length === 0 ? 'none' : list.map((m) => String(m.value)).join(' and '));
    const rule: RuleId = stricter ? 'multiple-of-added' : looser ? 'multiple-of-removed' : 'multiple-of-changed';
    this.emit(rule, before[0]?.pointer ?? this.o.anchor, after[0]?.pointer ?? this.n.anchor, `${this.subject} multipleOf changed from ${shown(before)} to ${shown(after)}`);
  }

  private closedness(): void {
    const { o, n } = this;
    if (!o.closed === !n.closed || !this.isObjectSchema()) return;
    if (n.closed) this.emit('additional-properties-closed', o.anchor, n.closed.pointer, `${this.subject} no longer accepts undeclared properties`);
    else this.emit('additional-properties-opened', o.closed!.pointer, n.anchor, `${this.subject} now accepts undeclared properties`);
  }

  /** Whether the values in question can be objects (closedness says nothing about other values). */
  private isObjectSchema(): boolean {
    return [this.o.types?.value, this.n.types?.value].every((types) => !types || types.has('object'));
  }

  private properties(): void {
    const { o, n, scope } = this;
    const names = [...new Set([...o.properties.keys(), ...n.properties.keys(), ...o.required.keys(), ...n.required.keys()])];
    for (const name of names) {
      const before = o.properties.get(name);
      const after = n.properties.get(name);
      const path = this.path === '' ? name : `${this.path}.${name}`;
      const property = `property \`${path}\``;
      if (before && after) this.descend(before, after, path);
      if (before && !after) {
        if (this.comparer.readOnlyOrWriteOnly('old', before, scope.direction)) continue;
        const rule: RuleId = scope.replyPayload && scope.direction === 'response' ? 'reply-field-removed' : 'property-removed';
        this.emit(rule, before[0]!, n.propertiesAnchor, `${property} was removed from the ${scope.label}`);
        continue;
      }
      const wasRequired = o.required.get(name);
      const isRequired = n.required.get(name);
      if (!before && after) {
        if (this.comparer.readOnlyOrWriteOnly('new', after, scope.direction)) continue;
        const rule: RuleId = isRequired ? 'required-property-added' : 'optional-property-added';
        this.emit(rule, o.propertiesAnchor, after[0]!, `${isRequired ? 'required' : 'optional'} ${property} was added to the ${scope.label}`);
        continue;
      }
      if (!wasRequired && isRequired) {
        if (after && this.comparer.readOnlyOrWriteOnly('new', after, scope.direction)) continue;
        this.emit('property-became-required', before?.[0] ?? o.anchor, isRequired, `${scope.label} ${property} became required`);
      } else if (wasRequired && !isRequired) {
        this.emit('property-became-optional', wasRequired, after?.[0] ?? n.anchor, `${scope.label} ${property} became optional`);
      }
    }
  }

  private subschemas(): void {
    const { o, n } = this;
    if (o.items.length > 0 && n.items.length > 0) this.descend(o.items, n.items, `${this.path}[]`);
    if (o.additional.length > 0 && n.additional.length > 0) this.descend(o.additional, n.additional, this.path === '' ? '*' : `${this.path}.*`);
    if (o.thens.length > 0 && n.thens.length > 0) this.descend(o.thens, n.thens, this.path);
    if (o.elses.length > 0 && n.elses.length > 0) this.descend(o.elses, n.elses, this.path);
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const before = o.alternatives.filter((a) => a.keyword === keyword);
      const after = n.alternatives.filter((a) => a.keyword === keyword);
      before.forEach((group, index) => {
        const counterpart = after[index];
        if (counterpart) this.alternatives(group, counterpart);
      });
    }
  }

  /** Options are paired by `$ref` target, then (inline ones) by position; the rest were removed or added. */
  private alternatives(before: Alternatives, after: Alternatives): void {
    const pairs = new Map<number, number>();
    const taken = new Set<number>();
    const oldRefs = before.options.map((pointer) => this.comparer.refTarget('old', pointer));
    const newRefs = after.options.map((pointer) => this.comparer.refTarget('new', pointer));
    oldRefs.forEach((ref, i) => {
      const j = ref === undefined ? -1 : newRefs.findIndex((candidate, k) => candidate === ref && !taken.has(k));
      if (j >= 0) {
        pairs.set(i, j);
        taken.add(j);
      }
    });
    oldRefs.forEach((ref, i) => {
      if (pairs.has(i) || ref !== undefined) return;
      if (i < after.options.length && !taken.has(i) && newRefs[i] === undefined) {
        pairs.set(i, i);
        taken.add(i);
      }
    });
    before.options.forEach((pointer, i) => {
      const j = pairs.get(i);
      if (j !== undefined) this.descend([pointer], [after.options[j]!], this.path);
      else this.emit('alternative-removed', pointer, after.pointer, `${this.subject} lost ${before.keyword} alternative ${optionText(oldRefs[i], i)}`);
    });
    after.options.forEach((pointer, j) => {
      if (!taken.has(j)) this.emit('alternative-added', before.pointer, pointer, `${this.subject} gained ${after.keyword} alternative ${optionText(newRefs[j], j)}`);
    });
  }
}

/** Whether every value of a type in `inner` passes `outer` (absent = any type). */
function covers(outer: ReadonlySet<JsonType> | undefined, inner: ReadonlySet<JsonType> | undefined): boolean {
  if (!outer) return true;
  if (!inner) return false;
  return [...inner].every((type) => accepts(outer, type));
}

/** Whether `value` is a whole multiple of `factor` (within float error: 0.3 of 0.1). */
function isMultiple(value: number, factor: number): boolean {
  const quotient = value / factor;
  return Math.abs(quotient - Math.round(quotient)) < 1e-9;
}

/** Positive when `a` is stricter than `b` (an absent bound is the loosest). */
function compareOptionalBounds(a: Bound | undefined, b: Bound | undefined, side: 'lower' | 'upper'): number {
  if (!a && !b) return 0;
  if (!a) return -1;
  if (!b) return 1;
  return compareBounds(a, b, side);
}

function typeText(types: ReadonlySet<JsonType> | undefined): string {
  if (!types) return 'any type';
  return types.size === 0 ? 'no type' : [...types].sort().join(' or ');
}

function boundText(bound: Bound | undefined, side: 'lower' | 'upper'): string {
  if (!bound) return 'none';
  return bound.exclusive ? `${side === 'lower' ? '>' : '<'} ${bound.value}` : String(bound.value);
}

function countText(count: Located<number> | undefined): string {
  return count ? String(count.value) : 'none';
}

function optionText(ref: string | undefined, index: number): string {
  return ref === undefined ? `#${index + 1}` : `\`${ref.split('/').pop()}\``;
}

/** Order-independent JSON text, so `{a, b}` and `{b, a}` are the same enum value. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}

function includesValue(list: readonly unknown[], value: unknown): boolean {
  const key = canonical(value);
  return list.some((candidate) => canonical(candidate) === key);
}

function valuesText(values: readonly unknown[]): string {
  return values.map((value) => `\`${JSON.stringify(value)}\``).join(', ');
}
