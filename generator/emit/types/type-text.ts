import { jsonTypeLiteral, propertyKey, stringLiteral } from '../shared/escape.js';

/**
 * A small vocabulary for TypeScript type text. Each type carries how tightly it binds so that
 * composing types adds parentheses exactly where the grammar needs them, and unions and
 * intersections keep their members so nested ones flatten and duplicates collapse.
 *
 * Raw newlines only ever come from these helpers (string literals are JSON-escaped), so
 * indenting a nested type is a plain replacement of `\n`.
 */
export interface TsType {
  readonly text: string;
  /** 0 union, 1 intersection, 2 prefix (e.g. `-1`), 3 primary or postfix (`a`, `a[]`, `{…}`). */
  readonly binding: 0 | 1 | 2 | 3;
  /** Members of a union or an intersection, for flattening. */
  readonly members?: readonly TsType[];
}

const primary = (text: string): TsType => ({ text, binding: 3 });

export const UNKNOWN = primary('unknown');
export const NEVER = primary('never');
export const STRING = primary('string');
export const NUMBER = primary('number');
export const BOOLEAN = primary('boolean');
export const NULL = primary('null');
export const UNDEFINED = primary('undefined');
/** An object that allows no keys at all. */
export const NO_KEYS = primary('Record<string, never>');

/** A reference to a declared type, e.g. a named schema's identifier. */
export function ref(identifier: string): TsType {
  return primary(identifier);
}

/** The literal type of any JSON value: `"a"`, `1`, `-1`, `true`, `null`, `{ a: 1 }`, `[1, "b"]`. */
export function literal(value: unknown): TsType {
  if (typeof value === 'number' && (value < 0 || Object.is(value, -0))) return { text: jsonTypeLiteral(value), binding: 2 };
  return primary(jsonTypeLiteral(value));
}

/** `T["key"]`. */
export function indexedAccess(object: TsType, key: string): TsType {
  return primary(`${wrap(object, 3)}[${stringLiteral(key)}]`);
}

function wrap(type: TsType, minimum: TsType['binding']): string {
  return type.binding < minimum ? `(${type.text})` : type.text;
}

function flatten(types: readonly TsType[], binding: 0 | 1): TsType[] {
  const seen = new Set<string>();
  const out: TsType[] = [];
  for (const type of types) {
    for (const member of type.binding === binding && type.members ? type.members : [type]) {
      if (seen.has(member.text)) continue;
      seen.add(member.text);
      out.push(member);
    }
  }
  return out;
}

/** `A | B`; `never` members vanish, an `unknown` member absorbs the rest, no members is `never`. */
export function union(types: readonly TsType[]): TsType {
  const members = flatten(types, 0).filter((t) => t.text !== 'never');
  if (members.some((t) => t.text === 'unknown')) return UNKNOWN;
  if (members.length === 0) return NEVER;
  if (members.length === 1) return members[0]!;
  return { text: members.map((t) => t.text).join(' | '), binding: 0, members };
}

/** `A & B`; `unknown` members vanish, a `never` member absorbs the rest, no members is `unknown`. */
export function intersection(types: readonly TsType[]): TsType {
  const members = flatten(types, 1).filter((t) => t.text !== 'unknown');
  if (members.some((t) => t.text === 'never')) return NEVER;
  if (members.length === 0) return UNKNOWN;
  if (members.length === 1) return members[0]!;
  return { text: members.map((t) => wrap(t, 1)).join(' & '), binding: 1, members };
}

/** `T[]`. */
export function arrayType(element: TsType): TsType {
  return primary(`${wrap(element, 3)}[]`);
}

export interface TupleElement {
  type: TsType;
  optional: boolean;
}

/** `[A, B?, ...R[]]`; without `rest` the tuple is closed. */
export function tupleType(elements: readonly TupleElement[], rest?: TsType): TsType {
  const parts = elements.map((e) => (e.optional ? `${wrap(e.type, 3)}?` : e.type.text));
  if (rest) parts.push(`...${arrayType(rest).text}`);
  return primary(`[${parts.join(', ')}]`);
}

export interface ObjectMember {
  /** The property name as written in the spec; quoted here when it is not an identifier. */
  name: string;
  type: TsType;
  optional: boolean;
  /** Already escaped with `docText`. */
  doc?: string;
}

/**
 * An object type literal, one member per line (with its JSDoc), or on one line when `inline`.
 * `index` becomes `[key: string]: index`.
 */
export function objectType(members: readonly ObjectMember[], options: { index?: TsType; inline?: boolean } = {}): TsType {
  const lines = members.map((m) => ({
    doc: m.doc,
    text: `${propertyKey(m.name)}${m.optional ? '?' : ''}: ${m.type.text};`,
  }));
  if (options.index) lines.push({ doc: undefined, text: `[key: string]: ${options.index.text};` });
  if (lines.length === 0) return primary('{}');
  if (options.inline) return primary(`{ ${lines.map((l) => l.text).join(' ')} }`);
  const body = lines.map((l) => indent((l.doc === undefined ? '' : jsDoc(l.doc) + '\n') + l.text)).join('\n');
  return primary(`{\n${body}\n}`);
}

function indent(text: string): string {
  return '  ' + text.replace(/\n/g, '\n  ');
}

/** A JSDoc comment for text already escaped with `docText`. */
export function jsDoc(doc: string): string {
  const lines = doc.split('\n');
  if (lines.length === 1) return `/** ${doc} */`;
  return ['/**', ...lines.map((l) => (l === '' ? ' *' : ` * ${l}`)), ' */'].join('\n');
}

/** An object type that says nothing but "an object": `{ [key: string]: unknown }`. */
export const ANY_OBJECT = objectType([], { index: UNKNOWN });
