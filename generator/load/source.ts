import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { Diagnostic, SourcePosition } from './diagnostic.js';
import { parsePointer } from './pointer.js';

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

export async function readSourceFile(file: string): Promise<SourceFile> {
  return parseSourceText(file, await readFile(file, 'utf8'));
}

export function parseSourceText(file: string, text: string): SourceFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: false });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  const diagnostics: Diagnostic[] = [...doc.errors, ...doc.warnings].map((e) => ({
    ...at(e.pos[0]),
    severity: doc.errors.includes(e) ? 'error' : 'warning',
    code: e.code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : 'yaml-syntax',
    message: firstLine(e.message),
    pointer: '',
  }));
  const ok = doc.errors.length === 0;
  const value = ok ? doc.toJS({ maxAliasCount: 1000 }) : undefined;

  const locate = (pointer: string, preferKey: boolean): SourcePosition => {
    let node: Node | null | undefined = doc.contents as Node | null;
    let best = 0;
    let keyOffset: number | undefined;
    let segments: string[];
    try {
      segments = parsePointer(pointer);
    } catch {
      segments = [];
    }
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
    return at(best);
  };

  return {
    file,
    text,
    sha256: createHash('sha256').update(text).digest('hex'),
    value,
    positionOf: (pointer) => locate(pointer, false),
    keyPositionOf: (pointer) => locate(pointer, true),
    diagnostics,
  };
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
