/**
 * Strict JSON read with `JSON.parse`, and offsets of its nodes found on demand. A 13 MB spec
 * parses in a fraction of a second this way, where a YAML parser building a node for every
 * value takes seconds; positions are needed only for diagnostics and are looked up lazily.
 */
export interface JsonText {
  value: unknown;
  /**
   * Offset of the node at `segments` (or of its deepest existing ancestor), of the key of the
   * last mapping entry reached when `preferKey` is set. Same answers as the YAML locator.
   */
  offsetOf(segments: readonly string[], preferKey: boolean): number;
}

/**
 * `text` read as strict JSON, or undefined when the YAML reader must handle it: not strict JSON
 * (its diagnostics come from the YAML parser), a duplicate key (JSON.parse keeps the last one
 * silently, the YAML reader reports it) or a lone `\r` (YAML counts it as a line break).
 */
export function parseJsonText(text: string): JsonText | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (/\r(?!\n)/.test(text) || keysInText(text) !== keysInValue(value)) return undefined;
  let index: OffsetIndex | undefined;
  return {
    value,
    offsetOf: (segments, preferKey) => (index ??= new OffsetIndex(text)).offsetOf(segments, preferKey),
  };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Offset of the quote closing the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

function skipSpace(text: string, at: number): number {
  while (isSpace(text.charCodeAt(at))) at++;
  return at;
}

/** How many object keys the (valid JSON) text writes: strings followed by a colon. */
function keysInText(text: string): number {
  let count = 0;
  for (let at = text.indexOf('"'); at !== -1; ) {
    const end = stringEnd(text, at);
    if (text.charCodeAt(skipSpace(text, end + 1)) === COLON) count++;
    at = text.indexOf('"', end + 1);
  }
  return count;
}

/** How many own keys the parsed objects hold: fewer than the text writes only when a key repeats. */
function keysInValue(root: unknown): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node) if (item !== null && typeof item === 'object') stack.push(item);
      continue;
    }
    const values = Object.values(node);
    count += values.length;
    for (const item of values) if (item !== null && typeof item === 'object') stack.push(item);
  }
  return count;
}

interface Entry {
  key: number;
  value: number;
}

/**
 * Where each object or array of the text starts and ends (one pass, on first use), and the
 * entries of every container a lookup has passed through (kept for the next lookup).
 */
class OffsetIndex {
  /** Offsets of every `{` / `[` in text order, and of the bracket closing each. */
  private readonly opens: number[] = [];
  private readonly closes: number[] = [];
  private readonly objects = new Map<number, Map<string, Entry>>();
  private readonly arrays = new Map<number, number[]>();
  private readonly root: number;

  constructor(private readonly text: string) {
    this.root = skipSpace(text, 0);
    const open: number[] = [];
    for (let at = 0; at < text.length; at++) {
      const c = text.charCodeAt(at);
      if (c === QUOTE) at = stringEnd(text, at);
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        open.push(this.opens.length);
        this.opens.push(at);
        this.closes.push(-1);
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) this.closes[open.pop()!] = at;
    }
  }

  offsetOf(segments: readonly string[], preferKey: boolean): number {
    let node = this.root;
    let best = node;
    for (const segment of segments) {
      let keyOffset: number | undefined;
      const c = this.text.charCodeAt(node);
      if (c === OPEN_BRACE) {
        const entry = this.entries(node).get(segment);
        if (!entry) break;
        keyOffset = entry.key;
        node = entry.value;
      } else if (c === OPEN_BRACKET) {
        // As the YAML locator does: `Number(segment)`, whatever the segment looks like.
        const item = this.items(node)[Number(segment)];
        if (item === undefined) break;
        node = item;
      } else break;
      best = preferKey && keyOffset !== undefined ? keyOffset : node;
    }
    return best;
  }

  private entries(start: number): Map<string, Entry> {
    let entries = this.objects.get(start);
    if (entries) return entries;
    entries = new Map();
    for (let at = skipSpace(this.text, start + 1); this.text.charCodeAt(at) === QUOTE; ) {
      const keyEnd = stringEnd(this.text, at);
      const raw = this.text.slice(at + 1, keyEnd);
      const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
      const value = skipSpace(this.text, skipSpace(this.text, keyEnd + 1) + 1);
      if (!entries.has(key)) entries.set(key, { key: at, value });
      at = this.nextEntry(value);
    }
    this.objects.set(start, entries);
    return entries;
  }

  private items(start: number): number[] {
    let items = this.arrays.get(start);
    if (items) return items;
    items = [];
    for (let at = skipSpace(this.text, start + 1); this.text.charCodeAt(at) !== CLOSE_BRACKET; ) {
      items.push(at);
      at = this.nextEntry(at);
    }
    this.arrays.set(start, items);
    return items;
  }

  /** Offset of the entry after the value at `value` (past the comma), or of the closing bracket. */
  private nextEntry(value: number): number {
    const c = this.text.charCodeAt(value);
    let at: number;
    if (c === OPEN_BRACE || c === OPEN_BRACKET) at = this.closeOf(value) + 1;
    else if (c === QUOTE) at = stringEnd(this.text, value) + 1;
    else {
      at = value;
      for (let d = c; d !== COMMA && d !== CLOSE_BRACE && d !== CLOSE_BRACKET && !isSpace(d); d = this.text.charCodeAt(++at));
    }
    at = skipSpace(this.text, at);
    return this.text.charCodeAt(at) === COMMA ? skipSpace(this.text, at + 1) : at;
  }

  private closeOf(open: number): number {
    let lo = 0;
    let hi = this.opens.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.opens[mid]! < open) lo = mid + 1;
      else hi = mid;
    }
    return this.closes[lo]!;
  }
}
