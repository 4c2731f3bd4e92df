/** RFC 6901 JSON pointers. */

export function escapeSegment(segment: string | number): string {
  const text = String(segment);
  return text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text;
}

export function unescapeSegment(segment: string): string {
  return segment.includes('~') ? segment.replace(/~1/g, '/').replace(/~0/g, '~') : segment;
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((s) => '/' + escapeSegment(s)).join('');
}

/**
 * The segments of a JSON pointer: plain (`/paths/~1a%b`, segments only `~`-escaped) or as a URI
 * fragment (`#/paths/~1a%25b`, segments also percent-encoded, as in a `$ref`).
 */
export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  const fragment = pointer.startsWith('#');
  const body = fragment ? pointer.slice(1) : pointer;
  if (!body.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  const segments = body.slice(1).split('/');
  return (fragment ? segments.map(decodeURIComponentSafe) : segments).map(unescapeSegment);
}

function decodeURIComponentSafe(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const MISSING = Symbol('missing');

/** Value at `pointer` inside `root`, or undefined when any segment is missing. */
export function getAt(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const segment of parsePointer(pointer)) {
    node = child(node, segment);
    if (node === MISSING) return undefined;
  }
  return node;
}

export function hasAt(root: unknown, pointer: string): boolean {
  let node: unknown = root;
  for (const segment of parsePointer(pointer)) {
    node = child(node, segment);
    if (node === MISSING) return false;
  }
  return true;
}

function child(node: unknown, segment: string): unknown {
  if (Array.isArray(node)) {
    const index = /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : -1;
    return index >= 0 && index < node.length ? node[index] : MISSING;
  }
  if (node !== null && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, segment)) {
    return (node as Record<string, unknown>)[segment];
  }
  return MISSING;
}

/** `#`-fragment for a JSON pointer, percent-encoding what a URI fragment cannot hold (`{`, `%`, spaces…). */
export function pointerToFragment(pointer: string): string {
  return '#' + pointer.split('/').map(encodeURIComponent).join('/');
}

/** The plain form of a JSON pointer or `#` fragment (decoded and re-escaped), e.g. `#/paths/~1a%7Bb%7D` → `/paths/~1a{b}`. */
export function canonicalPointer(pointer: string): string {
  return joinPointer('', ...parsePointer(pointer));
}
