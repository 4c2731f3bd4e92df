import { jsonLiteral, propertyKeyForLiteral, stringLiteral } from '../shared/escape.js';

/**
 * Expressions of the generated module, built as data and printed at the end. Spec text enters
 * only through `str`, `json` and object keys, which go through the escaping helpers.
 */
export type Code =
  | { kind: 'text'; text: string }
  | { kind: 'call'; callee: Code; args: Code[]; flat?: true }
  | { kind: 'object'; entries: [key: string, value: Code][] }
  | { kind: 'array'; items: Code[] }
  | { kind: 'cast'; value: Code; type: string };

/** Trusted code written by the emitter itself (identifiers, operators, numbers it computed). */
export function raw(text: string): Code {
  return { kind: 'text', text };
}

/** A string literal for any text, spec text included. */
export function str(value: string): Code {
  return raw(stringLiteral(value));
}

/** A literal for a JSON value. Objects become `JSON.parse` of their text, so `__proto__` stays data. */
export function json(value: unknown): Code {
  if (value !== null && typeof value === 'object') return call('JSON.parse', str(JSON.stringify(value)));
  return raw(jsonLiteral(value));
}

/** A call of a function the emitter names, e.g. `A.string`. */
export function call(callee: string, ...args: Code[]): Code {
  return { kind: 'call', callee: raw(callee), args };
}

/** A call printed on one line whatever its length (list entries that read best one per line). */
export function line(callee: string, ...args: Code[]): Code {
  return { kind: 'call', callee: raw(callee), args, flat: true };
}

/** An object literal; keys are spec names, escaped (and `__proto__` made an own key). */
export function object(entries: [key: string, value: Code][]): Code {
  return { kind: 'object', entries };
}

/** Only the entries whose value is defined, for option bags. */
export function options(entries: [key: string, value: Code | undefined][]): Code | undefined {
  const defined = entries.filter((e): e is [string, Code] => e[1] !== undefined);
  return defined.length === 0 ? undefined : object(defined);
}

export function array(items: Code[]): Code {
  return { kind: 'array', items };
}

export function cast(value: Code, type: string): Code {
  return { kind: 'cast', value, type };
}

const WIDTH = 100;

/** Source text of `code`, on one line when short, otherwise one argument or entry per line. */
export function render(code: Code, indent = ''): string {
  if (!isBreakable(code) || fits(code, WIDTH - indent.length)) return renderFlat(code);
  const inner = indent + '  ';
  switch (code.kind) {
    case 'call':
      return `${render(code.callee, indent)}(\n${code.args.map((a) => inner + render(a, inner) + ',\n').join('')}${indent})`;
    case 'object':
      return `{\n${code.entries.map(([k, v]) => `${inner}${propertyKeyForLiteral(k)}: ${render(v, inner)},\n`).join('')}${indent}}`;
    case 'array':
      return `[\n${code.items.map((i) => inner + render(i, inner) + ',\n').join('')}${indent}]`;
    case 'cast':
      return `${render(code.value, indent)} as ${code.type}`;
    case 'text':
      return code.text;
  }
}

function isBreakable(code: Code): boolean {
  return code.kind !== 'text' && !(code.kind === 'call' && code.flat);
}

/** Whether the one-line text of `code` has at most `budget` characters, without building it. */
function fits(code: Code, budget: number): boolean {
  return flatLength(code, budget) <= budget;
}

/** Length of the one-line text, or anything above `budget` once it is known to exceed it. */
function flatLength(code: Code, budget: number): number {
  const parts = (codes: Code[], overhead: number): number => {
    let total = overhead;
    for (const c of codes) {
      total += flatLength(c, budget - total) + 2;
      if (total > budget) return total;
    }
    return total;
  };
  switch (code.kind) {
    case 'text':
      return code.text.length;
    case 'call':
      return parts([code.callee, ...code.args], 2);
    case 'object': {
      let total = 4;
      for (const [key, value] of code.entries) {
        total += propertyKeyForLiteral(key).length + 4 + flatLength(value, budget - total);
        if (total > budget) return total;
      }
      return total;
    }
    case 'array':
      return parts(code.items, 2);
    case 'cast':
      return flatLength(code.value, budget) + code.type.length + 4;
  }
}

function renderFlat(code: Code): string {
  switch (code.kind) {
    case 'text':
      return code.text;
    case 'call':
      return `${renderFlat(code.callee)}(${code.args.map(renderFlat).join(', ')})`;
    case 'object':
      return code.entries.length === 0 ? '{}' : `{ ${code.entries.map(([k, v]) => `${propertyKeyForLiteral(k)}: ${renderFlat(v)}`).join(', ')} }`;
    case 'array':
      return `[${code.items.map(renderFlat).join(', ')}]`;
    case 'cast':
      return `${renderFlat(code.value)} as ${code.type}`;
  }
}
