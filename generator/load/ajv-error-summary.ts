import type { ErrorObject } from 'ajv';
import type * as AjvCore from 'ajv/dist/core.js';
import { getAt, joinPointer, pointerToFragment } from './pointer.js';
import { isPlainObject } from './walk.js';

/** One readable finding distilled from ajv's raw error list. */
export interface SchemaFinding {
  /** JSON pointer into the validated instance. */
  pointer: string;
  message: string;
  /** Best shown at the key of the node (an unexpected property, an object missing a property), not at its value. */
  atKey: boolean;
}

/** Keywords whose errors only say "a subschema failed"; the subschema's own errors say why. */
const SUMMARY_KEYWORDS = new Set(['if', 'oneOf', 'anyOf', 'allOf', 'not', 'contains', 'dependentSchemas', '$ref', '$dynamicRef']);

/** An ajv error, or a finding already distilled from several. */
type Item = ErrorObject | SchemaFinding;

const UNEXPECTED_PROPERTY = new Set(['additionalProperties', 'unevaluatedProperties']);

const isUnder = (path: string, ancestor: string): boolean => path === ancestor || path.startsWith(ancestor + '/');
const depth = (path: string): number => (path === '' ? 0 : path.split('/').length);
const isSummary = (error: ErrorObject): boolean => SUMMARY_KEYWORDS.has(error.keyword);

/**
 * Explains ajv's errors for one root schema. ajv lists the errors of every failed oneOf/anyOf
 * alternative, which for the oneOf-heavy OpenAPI schemas buries the real problem. Validating each
 * alternative on its own tells them apart; the summary keeps the alternative the author most likely
 * meant. Needs an ajv created with `verbose: true` (errors carry their `parentSchema`).
 */
export class AjvErrorSummarizer {
  private pointers: WeakMap<object, string> | undefined;

  constructor(
    private readonly ajv: AjvCore.default,
    /** The `$id` (or addSchema key) of the root schema. */
    private readonly rootId: string,
    private readonly rootSchema: unknown,
  ) {}

  summarize(errors: readonly ErrorObject[], data: unknown): SchemaFinding[] {
    return toFindings(this.distill([...errors], data));
  }

  /** The errors with every failed oneOf/anyOf replaced by what its likely meant alternative says. */
  private distill(errors: ErrorObject[], data: unknown): Item[] {
    const out: Item[] = [];
    let i = errors.length - 1;
    while (i >= 0) {
      const error = errors[i]!;
      const alternatives = error.keyword === 'oneOf' || error.keyword === 'anyOf' ? this.alternatives(error, data) : undefined;
      const count = alternatives?.reduce((n, a) => n + a.length, 0) ?? 0;
      if (!alternatives || count > i || !sameErrors(errors.slice(i - count, i), alternatives.flat())) {
        out.unshift(error);
        i--;
        continue;
      }
      i -= count + 1;
      if (alternatives.some((a) => a.length === 0)) {
        out.unshift(error); // more than one oneOf alternative matched
        continue;
      }
      const meant = likelyMeant(error.instancePath, alternatives.map((a) => this.distill(a, data)));
      const merged = mergedRequired(error, meant);
      out.unshift(...(merged ? [merged] : meant.flat()));
    }
    return out;
  }

  /** Each alternative's own errors for the failing value, or undefined when they cannot be told apart. */
  private alternatives(error: ErrorObject, data: unknown): ErrorObject[][] | undefined {
    const parent = error.parentSchema;
    const pointer = parent ? this.pointerOf(parent) : undefined;
    const branches = isPlainObject(parent) ? parent[error.keyword] : undefined;
    if (pointer === undefined || !Array.isArray(branches)) return undefined;
    const value = getAt(data, error.instancePath);
    return branches.map((_, k) => {
      const validate = this.ajv.getSchema(this.rootId + pointerToFragment(joinPointer(pointer, error.keyword, k)));
      if (!validate || validate(value)) return [];
      return (validate.errors ?? []).map((e) => ({ ...e, instancePath: error.instancePath + e.instancePath }));
    });
  }

  private pointerOf(schema: object): string | undefined {
    if (!this.pointers) {
      const pointers = new WeakMap<object, string>();
      const index = (node: unknown, pointer: string): void => {
        if (node === null || typeof node !== 'object' || pointers.has(node)) return;
        pointers.set(node, pointer);
        for (const [key, child] of Object.entries(node)) index(child, joinPointer(pointer, key));
      };
      index(this.rootSchema, '');
      this.pointers = pointers;
    }
    return this.pointers.get(schema);
  }
}

/** Same keyword at the same place, in the same order: the alternatives' errors as ajv listed them. */
function sameErrors(listed: ErrorObject[], alternatives: ErrorObject[]): boolean {
  return listed.length === alternatives.length && listed.every((e, i) => e.keyword === alternatives[i]!.keyword && e.instancePath === alternatives[i]!.instancePath);
}

/**
 * The alternatives the author most likely meant: not the Reference alternative ("must have $ref"),
 * then those rejecting the value least at its top (its type, or a discriminating `enum`/`const`
 * property such as a parameter's `in`), then those with the fewest errors, then the deepest reaching.
 * When every alternative rejects the value at its top, none was meant: what they accept there is
 * the whole story.
 */
function likelyMeant(at: string, failing: Item[][]): Item[][] {
  const isReference = (a: Item[]): boolean =>
    a.some((e) => isError(e) && e.keyword === 'required' && e.params.missingProperty === '$ref' && e.instancePath === at);
  const candidates = failing.some((a) => !isReference(a)) ? failing.filter((a) => !isReference(a)) : failing;
  if (candidates.length === 1) return candidates;
  const top = depth(at);
  const rejectsTop = (e: Item): boolean =>
    isError(e) && ((e.keyword === 'type' && e.instancePath === at) || ((e.keyword === 'enum' || e.keyword === 'const') && depth(e.instancePath) <= top + 1));
  if (candidates.every((a) => a.some(rejectsTop))) return candidates.map((a) => a.filter(rejectsTop));
  const score = (a: Item[]): number[] => [
    a.filter(rejectsTop).length,
    a.filter((e) => !isError(e) || !isSummary(e)).length,
    -Math.max(...a.map((e) => depth(pathOf(e)))),
  ];
  const scores = candidates.map(score);
  const best = scores.reduce((b, s) => (compare(s, b) < 0 ? s : b));
  return candidates.filter((_, i) => compare(scores[i]!, best) === 0);
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Alternatives that each only miss a different property read best as one finding. */
function mergedRequired(alternatives: ErrorObject, meant: Item[][]): SchemaFinding | undefined {
  if (meant.length < 2) return undefined;
  const names: string[] = [];
  for (const items of meant) {
    const own = items.filter((e) => !isError(e) || !isSummary(e));
    const only = own[0];
    if (own.length !== 1 || !only || !isError(only) || only.keyword !== 'required' || only.instancePath !== alternatives.instancePath) return undefined;
    names.push(`'${String(only.params.missingProperty)}'`);
  }
  const quantity = alternatives.keyword === 'oneOf' ? 'exactly one' : 'at least one';
  return { pointer: alternatives.instancePath, message: `must have ${quantity} of the properties ${names.join(', ')}`, atKey: true };
}

function toFindings(items: Item[]): SchemaFinding[] {
  const errors = items.filter(isError);
  const findings: SchemaFinding[] = [];
  const seen = new Set<string>();
  const push = (finding: SchemaFinding): void => {
    const key = `${finding.pointer}\n${finding.message}`;
    if (!seen.has(key)) findings.push(finding);
    seen.add(key);
  };
  const unexpectedProperties = new Set<SchemaFinding>();
  // Alternatives that each allow other values (or types) at one place read best as one list.
  const lists = new Map<string, { finding: SchemaFinding; values: Set<string> }>();
  for (const item of items) {
    if (!isError(item)) {
      push(item);
      continue;
    }
    if (isExplained(item, errors)) continue;
    const finding = describe(item);
    const accepted = acceptedValues(item);
    if (accepted) {
      const listKey = `${item.keyword}\n${item.instancePath}`;
      const earlier = lists.get(listKey);
      if (earlier) {
        for (const value of accepted.values) earlier.values.add(value);
        earlier.finding.message = accepted.say([...earlier.values]);
        continue;
      }
      lists.set(listKey, { finding, values: new Set(accepted.values) });
    }
    if (UNEXPECTED_PROPERTY.has(item.keyword)) unexpectedProperties.add(finding);
    push(finding);
  }
  // A property whose value is wrong is also "unevaluated" (its subschema failed): say only what is wrong.
  const unexpected = (f: SchemaFinding): boolean => unexpectedProperties.has(f);
  return findings.filter((f) => !unexpected(f) || !findings.some((o) => !unexpected(o) && isUnder(o.pointer, f.pointer)));
}

/** What an `enum` or `type` error accepts, and how to say a merged list of it. */
function acceptedValues(error: ErrorObject): { values: string[]; say: (values: string[]) => string } | undefined {
  if (error.keyword === 'enum') {
    return { values: (error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)), say: (values) => `must be one of ${values.join(', ')}` };
  }
  if (error.keyword === 'type') {
    return { values: String(error.params.type).split(','), say: (values) => `must be ${values.join(' or ')}` };
  }
  return undefined;
}

function isError(item: Item): item is ErrorObject {
  return 'keyword' in item;
}

function pathOf(item: Item): string {
  return isError(item) ? item.instancePath : item.pointer;
}

/** A summary error with a more specific one at or below it, or an "unevaluated" one with another error about the same object. */
function isExplained(error: ErrorObject, errors: ErrorObject[]): boolean {
  if (isSummary(error)) return errors.some((other) => !isSummary(other) && isUnder(other.instancePath, error.instancePath));
  // Properties count as evaluated only when the subschema evaluating them passed: with another
  // error about the object itself, "unevaluated" says nothing more.
  if (error.keyword === 'unevaluatedProperties') {
    return errors.some((other) => !isSummary(other) && other.keyword !== 'unevaluatedProperties' && other.instancePath === error.instancePath);
  }
  return false;
}

function describe(error: ErrorObject): SchemaFinding {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      const hint = at === '/paths' ? ` (path keys must start with '/')` : '';
      return { pointer: joinPointer(at, name), message: `unexpected property '${name}'${hint}`, atKey: true };
    }
    case 'required':
      return { pointer: at, message: `missing required property '${String(params.missingProperty)}'`, atKey: true };
    case 'enum':
      return { pointer: at, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`, atKey: false };
    case 'const':
      return { pointer: at, message: `must be ${JSON.stringify(params.allowedValue)}`, atKey: false };
    default:
      return { pointer: at, message: error.message ?? `fails ${error.keyword}`, atKey: false };
  }
}
