import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type Range, type YAMLMap } from 'yaml';

/** The parse options of every spec file; a re-parsed entry must be read exactly as the whole file is. */
export const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true, merge: false } as const;

/** A clean parse of `text` (no errors or warnings), kept to re-parse the file's next version. */
export interface YamlParse {
  text: string;
  doc: Document.Parsed;
}

/** Whether a parse can be the base of `reparse`: clean, and without anything read across entries. */
export function canReparseFrom(text: string, doc: Document.Parsed): boolean {
  // Directives change how the whole stream is read; anchors and aliases tie entries together.
  return doc.errors.length === 0 && doc.warnings.length === 0 && !/^%/m.test(text) && !someNode(doc.contents, isAnchorOrAlias);
}

/**
 * The document of `text`, a new version of `base.text`, made by parsing again only the smallest
 * block mapping entry that holds every changed character, or undefined when that cannot be done
 * safely (then the caller parses the whole text).
 *
 * A block mapping entry whose key starts its line, edited after that key starts, parses alone as
 * it does in place when its key stays where it was and it still ends where a line starts: no
 * text before or after it can join it. The new entry must parse cleanly into exactly one entry
 * with a key no sibling has, and end where the old one ended. Entries with comments, empty
 * values, explicit (`?`) or collection keys are not parsed apart: where yaml ends those depends
 * on what follows. Anything else is left to a full parse, which also locates its errors.
 *
 * `base.doc` is taken over: it becomes the new document (its other nodes' offsets moved by the
 * edit's length), and must no longer be read as the document of `base.text`.
 */
export function reparse(base: YamlParse, text: string): Document.Parsed | undefined {
  const before = base.text;
  const limit = Math.min(before.length, text.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === text.charCodeAt(start)) start++;
  if (start === before.length && start === text.length) return undefined;
  let tail = 0;
  while (tail < limit - start && before.charCodeAt(before.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  const oldEnd = before.length - tail;
  const delta = text.length - before.length;

  const entries = enclosingEntries(base.doc.contents as Node | null, start, oldEnd, before);
  for (let i = entries.length - 1; i >= 0; i--) {
    const { map, index, lineStart, indent, end } = entries[i]!;
    // The entry still ends where a line starts (else the next line would continue the edited one).
    if (!atLineStart(before, end) || !atLineStart(text, end + delta)) continue;
    if (someNode(map.items[index]!, isUnsafeApart)) continue;
    const snippet = text.slice(lineStart, end + delta);
    const replacement = parsedEntry(snippet, map, index);
    if (!replacement) continue;
    // The key starts where it did (a line indented anew may belong to another entry), and the
    // entry ends where the old one did, so every node before it stays and every node after it
    // (and the end of each collection holding it) moves by `delta`.
    const [newKeyStart, newEnd] = pairSpan(replacement)!;
    if (newKeyStart !== indent || newEnd !== snippet.length) continue;
    eachRange(replacement, (range) => {
      for (let k = 0; k < 3; k++) range[k] = range[k]! + lineStart;
    });
    shiftRanges(base.doc, map.items[index]!, end, delta);
    map.items[index] = replacement;
    return base.doc;
  }
  return undefined;
}

/** A block mapping entry holding the edit: its map, its index there, where its line starts and where it ends. */
interface Entry {
  map: YAMLMap.Parsed;
  index: number;
  lineStart: number;
  /** How many spaces precede the key on its line. */
  indent: number;
  /** See `pairSpan`. */
  end: number;
}

/** The entries holding `[start, end)`, from their key to their end, whose key starts its line, outermost first. */
function enclosingEntries(root: Node | null, start: number, end: number, text: string): Entry[] {
  const entries: Entry[] = [];
  let node: Node | null | undefined = root;
  while (node) {
    if (isMap(node)) {
      const map = node as YAMLMap.Parsed;
      const index = map.items.findIndex((pair) => {
        const span = pairSpan(pair);
        return span !== undefined && span[0] <= start && end <= span[1];
      });
      if (index < 0) break;
      const pair = map.items[index]!;
      const [keyStart, entryEnd] = pairSpan(pair)!;
      const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
      if (/^ *$/.test(text.slice(lineStart, keyStart))) entries.push({ map, index, lineStart, indent: keyStart - lineStart, end: entryEnd });
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      node = node.items.find((item) => isRanged(item) && item.range[0] <= start && end <= item.range[2]) as Node | undefined;
    } else break;
  }
  return entries;
}

/** From the key's first character to the end of its last node, trailing line break and comments included (`range[2]`). */
function pairSpan(pair: Pair): [number, number] | undefined {
  if (!isScalar(pair.key) || !pair.key.range) return undefined;
  const value = pair.value as Node | null;
  if (value !== null && !isRanged(value)) return undefined;
  return [pair.key.range[0], (value ?? pair.key).range![2]];
}

function atLineStart(text: string, at: number): boolean {
  return at === text.length || text.charAt(at - 1) === '\n';
}

/** The entry parsed from `snippet`, when it is one clean entry with a key that none of its new siblings has. */
function parsedEntry(snippet: string, map: YAMLMap.Parsed, index: number): YAMLMap.Parsed['items'][number] | undefined {
  // Explicit keys (`? key`) reach across lines in ways that depend on what follows them.
  if (EXPLICIT_KEY.test(snippet)) return undefined;
  const doc = parseDocument(snippet, YAML_OPTIONS);
  if (doc.errors.length > 0 || doc.warnings.length > 0 || doc.comment || doc.commentBefore) return undefined;
  const contents = doc.contents;
  if (!isMap(contents) || contents.items.length !== 1 || isUnsafeApart(contents)) return undefined;
  const pair = contents.items[0]!;
  if (!isScalar(pair.key) || someNode(pair, isUnsafeApart)) return undefined;
  const key = pair.key.value;
  // The duplicate-key test of the whole-file parse (uniqueKeys: true): scalars with the same value.
  if (map.items.some((other, i) => i !== index && isScalar(other.key) && other.key.value === key)) return undefined;
  return pair;
}

/**
 * Moves the offsets at or after the old entry's end by `delta`, outside the entry: the nodes after
 * it, and the ends of the collections holding it. Everything before it stays.
 */
function shiftRanges(doc: Document.Parsed, replaced: Pair, end: number, delta: number): void {
  const shift = (range: Range): void => {
    for (let k = 0; k < 3; k++) if (range[k]! >= end) range[k] = range[k]! + delta;
  };
  if (doc.range) shift(doc.range);
  eachRange(doc.contents, shift, replaced);
}

/** Calls `each` with the range of every node under `root` (keys included), except under `skip`. */
function eachRange(root: unknown, each: (range: Range) => void, skip?: Pair): void {
  someNode(
    root,
    (node) => {
      if (isRanged(node)) each(node.range);
      return false;
    },
    skip,
  );
}

/**
 * Whether `found` holds for a node under `root`: pairs, their keys and values (`null` for a key
 * with no value), and collection items, except under `skip`. Stops at the first.
 */
function someNode(root: unknown, found: (node: unknown) => boolean, skip?: Pair): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === skip) continue;
    if (found(node)) return true;
    if (isPair(node)) stack.push(node.key, node.value);
    else if (isMap(node) || isSeq(node)) stack.push(...node.items);
  }
  return false;
}

function isRanged(node: unknown): node is Node & { range: Range } {
  return (isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)) && Array.isArray(node.range);
}

/** A `?` key indicator: after the indentation and any sequence dashes, or inside a flow collection. */
const EXPLICIT_KEY = /(?:^[ -]*|[[{,]\s*)\?(?:\s|$)/m;

function isAnchorOrAlias(node: unknown): boolean {
  return isAlias(node) || ((isScalar(node) || isMap(node) || isSeq(node)) && Boolean(node.anchor));
}

/**
 * What yaml reads across entries, or ends where what follows says: anchors and aliases, a
 * collection as a key, a comment, a scalar written as nothing, a key with no value (`key:`).
 */
function isUnsafeApart(node: unknown): boolean {
  if (node === null || node === undefined) return true;
  if (isPair(node)) return !isScalar(node.key);
  if (!isRanged(node) || node.comment || node.commentBefore || isAnchorOrAlias(node)) return true;
  return isScalar(node) && node.range[0] === node.range[1];
}
