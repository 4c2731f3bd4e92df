import { createHash } from 'node:crypto';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic, SourcePosition } from './diagnostic.js';
import { parseJsonText, type JsonText } from './json-text.js';
import { parsePointer } from './pointer.js';
import { fileSystem, type SpecFiles } from './spec-files.js';
import { canReparseFrom, reparse, YAML_OPTIONS, type YamlParse } from './yaml-reparse.js';

/** A parsed YAML or JSON file that can answer "where is this JSON pointer?". */
export interface SourceFile {
  file: string;
  text: string;
  sha256: string;
  /** Plain JS value of the document (undefined when it did not parse). */
  value: unknown;
  /** Position of the node at `pointer`, or of its deepest existing ancestor. */
  positionOf(pointer: string): SourcePosition;
  /** Position of the key of the node at `pointer` when it is a mapping entry, else of the node. */
  keyPositionOf(pointer: string): SourcePosition;
  diagnostics: Diagnostic[];
}

export async function readSourceFile(file: string, specFiles: SpecFiles = fileSystem): Promise<SourceFile> {
  return parseSourceText(file, await specFiles.read(file));
}

/**
 * Parses YAML or JSON. A `.json` file that is strict JSON takes a fast path (`JSON.parse`, node
 * offsets found only when a position is asked for); any other text goes through the YAML parser,
 * which also gives located syntax errors. Both answer every position question the same way.
 * A new version of a YAML file parsed before in this process is re-parsed only where it changed
 * when that is safe (see yaml-reparse.ts): `generate --watch` parses one spec again and again.
 */
export function parseSourceText(file: string, text: string): SourceFile {
  const json = /\.json$/i.test(file) ? parseJsonText(text) : undefined;
  const parsed = json ? jsonParsed(json) : yamlParsed(file, text);
  const { value, diagnostics, offsetOf } = parsed;
  let lines: LineCounter | undefined;
  const lineCounter = (): LineCounter => (lines ??= lineCounterOf(text));
  const locate = (pointer: string, preferKey: boolean): SourcePosition => {
    let segments: string[];
    try {
      segments = parsePointer(pointer);
    } catch {
      segments = [];
    }
    const { line, col } = lineCounter().linePos(offsetOf(segments, preferKey));
    return { file, line, col };
  };
  return {
    file,
    text,
    sha256: createHash('sha256').update(text).digest('hex'),
    value,
    positionOf: (pointer) => locate(pointer, false),
    keyPositionOf: (pointer) => locate(pointer, true),
    diagnostics: diagnostics.map(({ offset, ...d }) => ({ file, ...lineCounter().linePos(offset), ...d })),
  };
}

/** A parsed text before it is tied to a file name: offsets, turned into lines and columns on demand. */
interface Parsed {
  value: unknown;
  diagnostics: (Omit<Diagnostic, 'file' | 'line' | 'col'> & { offset: number })[];
  offsetOf(segments: readonly string[], preferKey: boolean): number;
}

function jsonParsed(json: JsonText): Parsed {
  return { value: json.value, diagnostics: [], offsetOf: json.offsetOf };
}

/** Line starts as the YAML parser records them: offset 0 and after every `\n`. */
function lineCounterOf(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines.addNewLine(at + 1);
  return lines;
}

/** The last clean parse of each YAML file, as the base of its next version's re-parse. */
const lastParses = new Map<string, { base: YamlParse; release(): void }>();
const KEPT_PARSES = 16;

function yamlParsed(file: string, text: string): Parsed {
  const previous = lastParses.get(file);
  lastParses.delete(file);
  const reparsed = previous ? reparse(previous.base, text) : undefined;
  // The previous parse's document is now this one's: its own positions come from a parse of its own.
  if (reparsed) previous!.release();
  let doc: Document.Parsed | undefined = reparsed ?? parseDocument(text, YAML_OPTIONS);
  if (reparsed || canReparseFrom(text, doc)) {
    if (lastParses.size >= KEPT_PARSES) lastParses.delete(lastParses.keys().next().value!);
    lastParses.set(file, { base: { text, doc }, release: () => (doc = undefined) });
  }
  const document = (): Document.Parsed => (doc ??= parseDocument(text, YAML_OPTIONS));
  const { errors, warnings } = document();
  const diagnostics = [...errors, ...warnings].map((e) => ({
    offset: e.pos[0],
    severity: errors.includes(e) ? ('error' as const) : ('warning' as const),
    code: e.code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : 'yaml-syntax',
    message: firstLine(e.message),
    pointer: '',
  }));
  const value = errors.length === 0 ? document().toJS({ maxAliasCount: 1000 }) : undefined;

  const offsetOf = (segments: readonly string[], preferKey: boolean): number => {
    let node: Node | null | undefined = document().contents as Node | null;
    let best = 0;
    let keyOffset: number | undefined;
    if (node?.range) best = node.range[0];
    for (const segment of segments) {
      keyOffset = undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
        if (!pair) break;
        keyOffset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        node = pair.value as Node | null;
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)];
        if (item === undefined) break;
        node = item as Node | null;
      } else break;
      const offset = node?.range?.[0] ?? keyOffset;
      if (offset !== undefined) best = preferKey && keyOffset !== undefined ? keyOffset : offset;
    }
    return best;
  };
  return { value, diagnostics, offsetOf };
}

/** Why a file could not be read, in words (the path is shown beside the message). */
export function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return (error as Error).message;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
