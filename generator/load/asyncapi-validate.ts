import { resolve } from 'node:path';
import type { Diagnostic as ParserDiagnostic, Parser } from '@asyncapi/parser';
import type { Diagnostic, Severity } from './diagnostic.js';
import { joinPointer } from './pointer.js';
import { followRef } from './refs.js';
import type { SourceFile } from './source.js';
import { isPlainObject } from './walk.js';

// Importing the parser takes about a second and creating one sets up its rulesets: both happen
// once per process, and only when an AsyncAPI spec is linted.
let parser: Promise<Parser> | undefined;

/** The parser's codes already start with `asyncapi`…; `invalid-ref` is left to the loader's own ref check. */
const SKIPPED_CODES = new Set(['invalid-ref']);

/** "must match else/then schema", "must match exactly one schema in oneOf": summaries of other findings. */
const SUMMARY_MESSAGE = /must match "(?:then|else)" schema|must match exactly one schema in oneOf|must match a schema in anyOf/;

/**
 * Validates an AsyncAPI 3 document with @asyncapi/parser, mapping its findings to located
 * diagnostics. The parser gets the bundled document (external refs already inlined by the loader),
 * so it reads no file itself: a spec read from git is checked as committed, and every finding is
 * located through `located`, in the file its node came from.
 */
export async function validateAsyncApi(document: unknown, located: SourceFile): Promise<Diagnostic[]> {
  parser ??= import('@asyncapi/parser').then(({ Parser }) => new Parser());
  const stand = protoStandIn(document);
  const text = JSON.stringify(stand === undefined ? document : renameKeys(document, PROTO, stand));
  // `source` names the text, which lets the parser's findings on one node through several refs merge.
  const parsed = (await (await parser).parse(text, { source: resolve(located.file) })).diagnostics;
  const diagnostics = stand === undefined ? parsed : parsed.map((d) => restoreProto(d, stand));
  const kept = diagnostics.filter((d) => severityOf(d) !== undefined && !SKIPPED_CODES.has(String(d.code)));
  const explained = (d: ParserDiagnostic): boolean =>
    SUMMARY_MESSAGE.test(d.message) && kept.some((o) => o !== d && !SUMMARY_MESSAGE.test(o.message) && isUnder(o.path, d.path));
  return kept.filter((d) => !explained(d)).map((d) => toDiagnostic(d, document, located));
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

/** A finding at its path's node (where the parser's path goes through a `$ref`, at the node the ref names). */
function toDiagnostic(d: ParserDiagnostic, document: unknown, located: SourceFile): Diagnostic {
  const code = String(d.code);
  return {
    ...located.positionOf(placeThroughRefs(document, d.path.map(String))),
    severity: severityOf(d)!,
    code: code.startsWith('asyncapi') ? code : `asyncapi-${code}`,
    message: d.message,
    pointer: joinPointer('', ...d.path.map(String)),
  };
}

/**
 * The pointer of the node a path of the resolved document names: at each step, internal `$ref`s
 * are followed to their target first. Stops at the deepest node it reaches.
 */
function placeThroughRefs(document: unknown, segments: readonly string[]): string {
  let pointer = '';
  let node = document;
  for (const segment of segments) {
    const target = followRef(document, pointer);
    if (target) ({ pointer, node } = target);
    if ((!isPlainObject(node) && !Array.isArray(node)) || !Object.prototype.hasOwnProperty.call(node, segment)) break;
    pointer = joinPointer(pointer, segment);
    node = (node as Record<string, unknown>)[segment];
  }
  return pointer;
}
