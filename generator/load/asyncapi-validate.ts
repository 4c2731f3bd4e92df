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
  const { diagnostics } = await (await parser).parse(source.text, { source: resolve(source.file) });
  const kept = diagnostics.filter((d) => severityOf(d) !== undefined && !SKIPPED_CODES.has(String(d.code)));
  const explained = (d: ParserDiagnostic): boolean =>
    SUMMARY_MESSAGE.test(d.message) && kept.some((o) => o !== d && !SUMMARY_MESSAGE.test(o.message) && isUnder(o.path, d.path));
  return kept.filter((d) => !explained(d)).map((d) => toDiagnostic(d, source));
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
