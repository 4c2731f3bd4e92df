import { generatedFormats } from '../../runtime/arbitraries.js';
import { acceptable } from './candidates.js';
import { failures, regex, type Mode } from './check.js';
import { array, call, json, object, options, raw, str, type Code } from './code.js';
import { allowedTypes, type AltNode, type JsonType, type Node, type RefNode, type TypedNode } from './model.js';
import type { Schemas } from './schemas.js';

/** Where an expression is compiled: how named schemas are reached and what is worth telling readers. */
export interface Scope {
  /** Code of the valid arbitrary of a referenced schema (`tie('X')` inside the letrec, `arbX` outside). */
  ref(node: RefNode): Code;
  /** Whether the reference closes a cycle from here, so it needs a depth bound. */
  cyclic(node: RefNode): boolean;
  /** What the generated values do not honour, for the export's documentation. */
  notes: Set<string>;
}

/** An arbitrary's code, and whether it reaches a cycle no depth bound has cut yet. */
export interface Compiled {
  code: Code;
  recursive: boolean;
}


const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/**
 * Valid arbitraries as code: a node becomes calls of the runtime helpers (`A.*`) and fast-check
 * (`fc.*`) with literal constraints. `undefined` means no value satisfies the node.
 */
export class ValidCompiler {
  /** Whether some arbitrary bounds its recursion with the module's depth identifier `depth`. */
  usesDepth = false;

  constructor(private readonly schemas: Schemas) {}

  /** The depth identifier shared by every recursive arbitrary of the module. */
  private depth(): Code {
    this.usesDepth = true;
    return raw('depth');
  }

  valid(node: Node, mode: Mode, scope: Scope): Compiled | undefined {
    switch (node.kind) {
      case 'never':
        return undefined;
      case 'ref':
        if (mode !== 'json' || this.schemas.definition(node).kind === 'never') return this.valid(this.schemas.definition(node), mode, scope);
        return { code: scope.ref(node), recursive: scope.cyclic(node) };
      case 'alt':
        return this.alternatives(node, mode, scope);
      case 'typed':
        return this.typed(node, mode, scope);
    }
  }

  private alternatives(node: AltNode, mode: Mode, scope: Scope): Compiled | undefined {
    if (node.overlapping) scope.notes.add(`the branches of ${node.pointer} may overlap: a value may match more than one`);
    const branches = node.branches.map((b) => this.valid(b, mode, scope)).filter((b): b is Compiled => b !== undefined);
    return this.oneOf(branches);
  }

  private typed(node: TypedNode, mode: Mode, scope: Scope): Compiled | undefined {
    for (const pointer of node.unsupported) scope.notes.add(`${pointer} is not generated for`);
    if (node.enums.length > 0) return this.constants(node, mode);
    const parts: Compiled[] = [];
    for (const type of typesToGenerate(node)) {
      const part = this.ofType(type, node, mode, scope);
      if (part) parts.push(part);
    }
    const compiled = this.oneOf(parts);
    if (!compiled || node.excluded.length === 0) return compiled;
    return { ...compiled, code: call('A.excluding', compiled.code, str(JSON.stringify(node.excluded))) };
  }

  private constants(node: TypedNode, mode: Mode): Compiled | undefined {
    const values = (node.enums[0]?.value ?? []).filter((v) => failures(node, v, mode).length === 0 && acceptable(serialised(v, mode), mode));
    if (values.length === 0) return undefined;
    if (values.some((v) => v !== null && typeof v === 'object')) return { code: call('A.constants', str(JSON.stringify(values))), recursive: false };
    return { code: values.length === 1 ? call('fc.constant', json(values[0])) : call('fc.constantFrom', ...values.map(json)), recursive: false };
  }

  private ofType(type: JsonType | 'any', node: TypedNode, mode: Mode, scope: Scope): Compiled | undefined {
    const plain = (code: Code): Compiled => ({ code, recursive: false });
    switch (type) {
      case 'any':
        return plain(call('A.anyJson'));
      case 'null':
        return plain(call('fc.constant', raw('null')));
      case 'boolean':
        return plain(call('fc.boolean'));
      case 'integer':
      case 'number': {
        const code = this.number(type, node);
        return code && plain(code);
      }
      case 'string': {
        const code = this.string(node, mode, scope);
        return code && plain(code);
      }
      case 'array':
        return this.array(node, scope);
      case 'object':
        return this.object(node, scope);
    }
  }

  private string(node: TypedNode, mode: Mode, scope: Scope): Code | undefined {
    const min = node.minLength?.value;
    const max = node.maxLength?.value;
    if (min !== undefined && max !== undefined && min > max) return undefined;
    if ((mode === 'path' || mode === 'header') && max === 0) return undefined;
    const format = node.formats.find((f) => generatedFormats.includes(f.value));
    for (const f of node.formats) {
      if (f !== format) scope.notes.add(`format ${JSON.stringify(f.value)} (${f.pointer}) is generated as plain strings`);
    }
    const patterns: Code[] = [];
    for (const p of node.patterns) {
      if (regex(p.value)) patterns.push(call('new RegExp', str(p.value), str('u')));
      else scope.notes.add(`the pattern at ${p.pointer} is not a valid regular expression and is ignored`);
    }
    const c = options([
      ['minLength', min === undefined ? undefined : json(min)],
      ['maxLength', max === undefined ? undefined : json(max)],
      ['format', format && str(format.value)],
      ['patterns', patterns.length > 0 ? array(patterns) : undefined],
      ['pathSafe', mode === 'path' ? raw('true') : undefined],
      ['headerSafe', mode === 'header' ? raw('true') : undefined],
    ]);
    return c ? call('A.string', c) : call('A.string');
  }

  private number(type: 'integer' | 'number', node: TypedNode): Code | undefined {
    const { minimum, maximum } = node;
    const format = node.formats.find((f) => f.value === 'int32' || f.value === 'int64')?.value;
    const range = format === 'int32' ? INT32 : { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };
    const lower = minimum && !(format && minimum.value < range.min) ? minimum : format ? { value: range.min, exclusive: false } : undefined;
    const upper = maximum && !(format && maximum.value > range.max) ? maximum : format ? { value: range.max, exclusive: false } : undefined;
    const [first, ...more] = node.multipleOf.map((m) => m.value);
    if (!feasible(type, lower, upper, first)) return undefined;
    const c = options([
      [lower?.exclusive ? 'exclusiveMinimum' : 'minimum', lower && json(lower.value)],
      [upper?.exclusive ? 'exclusiveMaximum' : 'maximum', upper && json(upper.value)],
      ['multipleOf', first === undefined ? undefined : json(first)],
    ]);
    let code = c ? call(`A.${type}`, c) : call(`A.${type}`);
    for (const k of more) code = call('A.multipleOf', code, json(k));
    return code;
  }

  private array(node: TypedNode, scope: Scope): Compiled | undefined {
    const min = node.minItems?.value ?? 0;
    let max = node.maxItems?.value;
    const prefix: Compiled[] = [];
    for (const item of node.prefixItems) {
      const compiled = this.valid(item, 'json', scope);
      if (!compiled) {
        max = Math.min(max ?? prefix.length, prefix.length);
        break;
      }
      prefix.push(compiled);
    }
    const cut = prefix.length < node.prefixItems.length;
    const items = cut ? undefined : node.items === undefined ? { code: call('A.anyJson'), recursive: false } : this.valid(node.items, 'json', scope);
    const longest = items ? (node.uniqueItems && node.items ? distinctValues(this.schemas.definition(node.items)) : Infinity) : prefix.length;
    if (max === undefined || max > longest) max = Number.isFinite(longest) ? longest : max;
    if (max !== undefined && max < min) return undefined;
    if (min > longest) return undefined;
    const recursive = [...prefix, ...(items ? [items] : [])].some((c) => c.recursive);
    const bounded = recursive && min === 0;
    const c = options([
      ['minItems', node.minItems && json(node.minItems.value)],
      ['maxItems', max === undefined ? undefined : json(max)],
      ['uniqueItems', node.uniqueItems && raw('true')],
      ['prefix', prefix.length > 0 ? array(prefix.map((p) => p.code)) : undefined],
      ['depth', bounded ? this.depth() : undefined],
    ]);
    const args = [items ? items.code : raw('undefined'), ...(c ? [c] : [])];
    return { code: call('A.array', ...args), recursive: recursive && !bounded };
  }

  /** `A.object(model, constraints)`: required keys always, optional ones sometimes, extras only for free-form objects. */
  private object(node: TypedNode, scope: Scope): Compiled | undefined {
    const excluded = new Set(node.notAll.filter((g) => g.length === 1).map((g) => g[0] as string));
    const required = new Set(node.required.map((r) => r.value));
    const entries: [string, Code][] = [];
    const keys: string[] = [];
    let recursive = false;
    for (const property of node.properties) {
      const isRequired = required.has(property.name);
      const compiled = excluded.has(property.name) ? undefined : this.valid(property.node, 'json', scope);
      if (!compiled) {
        if (isRequired) return undefined;
        continue;
      }
      recursive ||= isRequired && compiled.recursive;
      entries.push([property.name, isRequired ? compiled.code : call('A.optional', compiled.code, ...(compiled.recursive ? [this.depth()] : []))]);
      keys.push(property.name);
    }
    for (const name of required) {
      if (keys.includes(name)) continue;
      if (excluded.has(name)) return undefined;
      const compiled = this.undeclared(node, name, scope);
      if (!compiled) return undefined;
      recursive ||= compiled.recursive;
      entries.push([name, compiled.code]);
      keys.push(name);
    }
    const extras = node.properties.length === 0 && required.size === 0 ? this.extras(node, scope) : undefined;
    const most = keys.length + (extras ? Infinity : 0);
    if (node.minProperties && node.minProperties.value > most) return undefined;
    if (node.maxProperties && node.maxProperties.value < required.size) return undefined;
    const constraints = options([
      ['additional', extras?.additional],
      ['additionalNames', extras?.names],
      ['minProperties', node.minProperties && json(node.minProperties.value)],
      ['maxProperties', node.maxProperties && json(node.maxProperties.value)],
      ['notAll', node.notAll.some((g) => g.length > 1) ? json(node.notAll.filter((g) => g.length > 1)) : undefined],
      ['dependentRequired', node.dependentRequired.length > 0 ? json(Object.fromEntries(node.dependentRequired.map((d) => [d.key, d.value]))) : undefined],
    ]);
    return { code: call('A.object', object(entries), ...(constraints ? [constraints] : [])), recursive };
  }

  /** A required key without a declaration: whatever `patternProperties`/`additionalProperties` allow. */
  private undeclared(node: TypedNode, name: string, scope: Scope): Compiled | undefined {
    const pattern = node.patternProperties.find((p) => regex(p.pattern)?.test(name));
    if (pattern) return this.valid(pattern.node, 'json', scope);
    if (node.closed !== undefined) return undefined;
    return node.additional ? this.valid(node.additional, 'json', scope) : { code: call('A.anyJson'), recursive: false };
  }

  /** Values (and names) of the few extra keys a free-form object gets, when that is safe. */
  private extras(node: TypedNode, scope: Scope): { additional: Code; names?: Code } | undefined {
    if (node.closed !== undefined || node.patternProperties.length > 0) return undefined;
    const value = node.additional ? this.valid(node.additional, 'json', scope) : { code: call('A.anyJson'), recursive: false };
    if (!value || value.recursive) return undefined;
    if (!node.propertyNames) return { additional: value.code };
    const names = this.valid(node.propertyNames, 'json', scope);
    return names ? { additional: value.code, names: names.code } : undefined;
  }

  /** Alternatives, non-recursive ones first so a depth bound can fall back on them. */
  private oneOf(parts: Compiled[]): Compiled | undefined {
    if (parts.length <= 1) return parts[0];
    const ordered = [...parts.filter((p) => !p.recursive), ...parts.filter((p) => p.recursive)];
    const recursive = ordered.some((p) => p.recursive);
    const bounded = recursive && !(ordered[0] as Compiled).recursive;
    const args = [array(ordered.map((p) => p.code)), ...(bounded ? [this.depth()] : [])];
    return { code: call('A.oneOf', ...args), recursive: recursive && !bounded };
  }
}

/** How many distinct values a schema has, when that is few (enums, booleans, null); else Infinity. */
export function distinctValues(node: Node): number {
  if (node.kind !== 'typed') return Infinity;
  if (node.enums.length > 0) return node.enums[0]?.value.length ?? 0;
  const types = allowedTypes(node);
  return types && [...types].every((t) => t === 'null' || t === 'boolean') ? (types.has('boolean') ? 2 : 0) + (types.has('null') ? 1 : 0) : Infinity;
}

/** The JSON types to generate: the allowed ones, or those the keywords imply, or any. */
function typesToGenerate(node: TypedNode): (JsonType | 'any')[] {
  const allowed = allowedTypes(node);
  const types = allowed ? [...allowed] : implied(node);
  const ordered = (['null', 'boolean', 'integer', 'number', 'string', 'array', 'object'] as const).filter((t) => types.includes(t));
  const result: (JsonType | 'any')[] = ordered.includes('number') ? ordered.filter((t) => t !== 'integer') : ordered;
  return allowed === undefined && result.length === 0 ? ['any'] : result;
}

function implied(node: TypedNode): JsonType[] {
  const types: JsonType[] = [];
  if (node.properties.length > 0 || node.required.length > 0 || node.additional || node.closed || node.minProperties || node.patternProperties.length > 0) {
    types.push('object');
  }
  if (node.items || node.prefixItems.length > 0 || node.minItems || node.maxItems || node.uniqueItems) types.push('array');
  if (node.minLength || node.maxLength || node.patterns.length > 0 || node.formats.some((f) => !['int32', 'int64', 'float', 'double'].includes(f.value))) {
    types.push('string');
  }
  if (node.minimum || node.maximum || node.multipleOf.length > 0) types.push('number');
  return types;
}

/** Whether some number of `type` lies within the bounds (and is a multiple of `k`). */
function feasible(type: 'integer' | 'number', lower: Limit | undefined, upper: Limit | undefined, k: number | undefined): boolean {
  const integers = type === 'integer' || k !== undefined;
  const step = k ?? 1;
  if (!integers) return !lower || !upper || lower.value < upper.value || (lower.value === upper.value && !lower.exclusive && !upper.exclusive);
  // Count multiples of `step` (whole numbers when there is no multipleOf) between the bounds.
  const lo = lower ? (lower.exclusive ? Math.floor(lower.value / step) + 1 : Math.ceil(lower.value / step)) : -Infinity;
  const hi = upper ? (upper.exclusive ? Math.ceil(upper.value / step) - 1 : Math.floor(upper.value / step)) : Infinity;
  return lo <= hi;
}

interface Limit {
  value: number;
  exclusive: boolean;
}

function serialised(value: unknown, mode: Mode): unknown {
  return (mode === 'path' || mode === 'header') && value !== null && typeof value !== 'object' ? String(value) : value;
}
