/**
 * Route matching for the REST server: path templates are compiled once into segment matchers,
 * grouped by segment count and ordered so that literal segments win over parameters. A request
 * costs one split of its path and a few string comparisons.
 */

/** What a route needs for matching: its HTTP method and path template (`/v1/items/{id}`). */
export interface RoutePattern {
  method: string;
  path: string;
}

type Segment =
  | { kind: 'literal'; value: string }
  | { kind: 'param'; name: string }
  /** A segment mixing text and parameters, e.g. `{name}.json`. */
  | { kind: 'pattern'; regex: RegExp; names: readonly string[] };

interface CompiledPath<R> {
  segments: readonly Segment[];
  /** Routes on this path by upper-case method, each with its own segments (parameter names may differ). */
  byMethod: Map<string, { route: R; segments: readonly Segment[] }>;
  /** `Allow` header value: the path's methods, sorted. */
  allow: string;
}

export type RouteMatch<R> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  /** The path exists but not with this method. */
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'not-found' };

const NOT_FOUND = { kind: 'not-found' } as const;

export class RouteTable<R extends RoutePattern> {
  /** Paths by segment count, most specific first. */
  private readonly bySegmentCount = new Map<number, CompiledPath<R>[]>();

  constructor(routes: readonly R[]) {
    const byTemplate = new Map<string, CompiledPath<R>>();
    for (const route of routes) {
      const segments = compilePath(route.path);
      const key = JSON.stringify(segments.map(segmentKey));
      let compiled = byTemplate.get(key);
      if (!compiled) {
        compiled = { segments, byMethod: new Map(), allow: '' };
        byTemplate.set(key, compiled);
      }
      const method = route.method.toUpperCase();
      if (compiled.byMethod.has(method)) throw new Error(`two routes for ${method} ${route.path}`);
      compiled.byMethod.set(method, { route, segments });
    }
    for (const compiled of byTemplate.values()) {
      compiled.allow = [...compiled.byMethod.keys()].sort().join(', ');
      const list = this.bySegmentCount.get(compiled.segments.length) ?? [];
      list.push(compiled);
      this.bySegmentCount.set(compiled.segments.length, list);
    }
    for (const list of this.bySegmentCount.values()) list.sort((a, b) => compareSpecificity(a.segments, b.segments));
  }

  /** Matches a request path (without query; percent-encoded as received). */
  match(method: string, pathname: string): RouteMatch<R> {
    const segments = pathname.split('/');
    const candidates = this.bySegmentCount.get(segments.length);
    if (!candidates) return NOT_FOUND;
    for (let i = 0; i < segments.length; i++) segments[i] = decodeSegment(segments[i]!);
    let allow: string | undefined;
    for (const candidate of candidates) {
      if (!matches(candidate.segments, segments)) continue;
      const found = candidate.byMethod.get(method);
      if (found) return { kind: 'found', route: found.route, params: extractParams(found.segments, segments) };
      allow = allow === undefined ? candidate.allow : mergeAllow(allow, candidate.allow);
    }
    return allow === undefined ? NOT_FOUND : { kind: 'method-not-allowed', allow };
  }
}

function compilePath(path: string): Segment[] {
  return path.split('/').map((segment): Segment => {
    const whole = /^\{([^{}]+)\}$/.exec(segment);
    if (whole) return { kind: 'param', name: whole[1]! };
    if (!/\{[^{}]+\}/.test(segment)) return { kind: 'literal', value: segment };
    const names: string[] = [];
    const source = segment
      .split(/(\{[^{}]+\})/)
      .map((part) => {
        const param = /^\{([^{}]+)\}$/.exec(part);
        if (!param) return escapeRegExp(part);
        names.push(param[1]!);
        return '(.*?)';
      })
      .join('');
    return { kind: 'pattern', regex: new RegExp(`^${source}$`, 's'), names };
  });
}

function segmentKey(segment: Segment): string {
  if (segment.kind === 'literal') return `l:${segment.value}`;
  if (segment.kind === 'param') return 'p';
  return `r:${segment.regex.source}`;
}

/** Literal segments before patterns before parameters, position by position. */
function compareSpecificity(a: readonly Segment[], b: readonly Segment[]): number {
  const rank = { literal: 0, pattern: 1, param: 2 } as const;
  for (let i = 0; i < a.length; i++) {
    const diff = rank[a[i]!.kind] - rank[b[i]!.kind];
    if (diff !== 0) return diff;
  }
  return 0;
}

function matches(pattern: readonly Segment[], segments: readonly string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.kind === 'literal' ? p.value !== segments[i] : p.kind === 'pattern' && !p.regex.test(segments[i]!)) return false;
  }
  return true;
}

function extractParams(pattern: readonly Segment[], segments: readonly string[]): Record<string, string> {
  // A null prototype keeps parameter names such as `__proto__` as plain own properties.
  const params = Object.create(null) as Record<string, string>;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.kind === 'param') params[p.name] = segments[i]!;
    else if (p.kind === 'pattern') {
      const found = p.regex.exec(segments[i]!)!;
      p.names.forEach((name, n) => (params[name] = found[n + 1]!));
    }
  }
  return params;
}

/** Percent-decodes one path segment; a malformed escape leaves the segment as received. */
function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function mergeAllow(a: string, b: string): string {
  return [...new Set([...a.split(', '), ...b.split(', ')])].sort().join(', ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
