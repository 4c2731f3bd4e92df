import { resolve } from 'node:path';
import type { Diagnostic as ParserDiagnostic, Parser } from '@asyncapi/parser';
import type { Diagnostic, Severity } from './diagnostic.js';
import { hasAt, joinPointer } from './pointer.js';
import type { SourceFile } from './source.js';

// Importing the parser takes about a second and creating one sets up its rulesets: both happen
// once per process, and only when an AsyncAPI spec is linted.
let parser: Promise<Parser> | undefined;

/** The parser's codes already start with `asyncapi`…; `invalid-ref` is left to the loader's own ref check. */
const SKIPPED_CODES = new Set(['invalid-ref']);

/** "must match else/then schema", "must match exactly one schema in oneOf": summaries of other findings. */
const SUMMARY_MESSAGE = /must match "(?:then|else)" schema|must match exactly one schema in oneOf|must match a schema in anyOf/;

/** Validates an AsyncAPI 3 document with @asyncapi/parser, mapping its findings to located diagnostics. */
export async function validateAsyncApi(source: SourceFile): Promise<Diagnostic[]> {
  parser ??= import('@asyncapi/parser').then(({ Parser }) => new Parser());
  const stand = protoStandIn(source.value);
  const text = stand === undefined ? source.text : JSON.stringify(renameKeys(source.value, PROTO, stand));
  const parsed = (await (await parser).parse(text, { source: resolve(source.file) })).diagnostics;
  const diagnostics = stand === undefined ? parsed : parsed.map((d) => restoreProto(d, stand));
  const kept = diagnostics.filter((d) => severityOf(d) !== undefined && !SKIPPED_CODES.has(String(d.code)));
  const explained = (d: ParserDiagnostic): boolean =>
    SUMMARY_MESSAGE.test(d.message) && kept.some((o) => o !== d && !SUMMARY_MESSAGE.test(o.message) && isUnder(o.path, d.path));
  return kept.filter((d) => !explained(d)).map((d) => toDiagnostic(d, source));
}

const PROTO = '__proto__';

/**
 * The parser copies objects in ways that turn a `__proto__` key into a prototype (a property
 * named `__proto__` then validates as if its schema's keys were the parent's). A document with
 * such keys is handed over with them renamed to a key it does not use (of the same character
 * class, so name patterns judge it alike), and the findings are renamed back. Undefined when there is none.
 */
function protoStandIn(document: unknown): string | undefined {
  const keys = new Set<string>();
  let found = false;
  walkKeys(document, (key) => {
    keys.add(key);
    if (key === PROTO) found = true;
  });
  if (!found) return undefined;
  let stand = '__proto_key__';
  for (let n = 2; keys.has(stand); n++) stand = `__proto_key_${n}__`;
  return stand;
}

function walkKeys(node: unknown, visit: (key: string) => void): void {
  if (Array.isArray(node)) for (const item of node) walkKeys(item, visit);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      visit(key);
      walkKeys(value, visit);
    }
  }
}

/** A copy of `node` with every key `from` named `to` (JSON values only). */
function renameKeys(node: unknown, from: string, to: string): unknown {
  if (Array.isArray(node)) return node.map((item) => renameKeys(item, from, to));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key === from ? to : key, renameKeys(value, from, to)]));
}

function restoreProto(d: ParserDiagnostic, stand: string): ParserDiagnostic {
  return { ...d, message: d.message.split(stand).join(PROTO), path: d.path.map((segment) => (segment === stand ? PROTO : segment)) };
}

function severityOf(d: ParserDiagnostic): Severity | undefined {
  if (d.severity === 0) return 'error';
  if (d.severity === 1) return 'warning';
  return undefined;
}

function isUnder(path: readonly (string | number)[], ancestor: readonly (string | number)[]): boolean {
  return path.length >= ancestor.length && ancestor.every((segment, i) => String(path[i]) === String(segment));
}

function toDiagnostic(d: ParserDiagnostic, source: SourceFile): Diagnostic {
  const code = String(d.code);
  const pointer = joinPointer('', ...d.path.map(String));
  const inMain = d.source === undefined || resolve(d.source) === resolve(source.file);
  // The path is exact in the main file; elsewhere (another file, or a node the path misses) the range is.
  const position =
    inMain && hasAt(source.value, pointer)
      ? source.positionOf(pointer)
      : { file: inMain ? source.file : (d.source ?? source.file), line: d.range.start.line + 1, col: d.range.start.character + 1 };
  return {
    ...position,
    severity: severityOf(d)!,
    code: code.startsWith('asyncapi') ? code : `asyncapi-${code}`,
    message: d.message,
    pointer,
  };
}
