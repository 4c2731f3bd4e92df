/** Helpers shared by the arbitraries and their mutations. */
import fc from 'fast-check';

/** How many values a bounded filter draws before it gives up. */
const MAX_TRIES = 500;

/**
 * Values of the `sources` (tried in turn) that `accept` takes. Unlike `.filter`, gives up after
 * a bounded number of draws with an error naming `what`, so a schema the generators cannot meet
 * fails a test instead of hanging it.
 */
export function accepted<T>(sources: readonly fc.Arbitrary<T>[], accept: (value: T) => boolean, what: string): fc.Arbitrary<T> {
  return new Accepted(sources, accept, what);
}

class Accepted<T> extends fc.Arbitrary<T> {
  constructor(
    private readonly sources: readonly fc.Arbitrary<T>[],
    private readonly accept: (value: T) => boolean,
    private readonly what: string,
  ) {
    super();
    if (sources.length === 0) throw new Error(`no generator for ${what}`);
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    for (let i = 0; i < MAX_TRIES; i++) {
      const source = i % this.sources.length;
      const value = (this.sources[source] as fc.Arbitrary<T>).generate(mrng, biasFactor);
      if (this.accept(value.value)) return tagged(source, value);
    }
    throw new Error(`no value found in ${MAX_TRIES} tries: ${this.what}`);
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return this.sources.some((s) => s.canShrinkWithoutContext(value)) && this.accept(value as T);
  }

  /** Shrinks with the source that generated the value (its index travels in the context). */
  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    const known = context instanceof SourceContext ? context : undefined;
    const index = known?.source ?? this.sources.findIndex((s) => s.canShrinkWithoutContext(value));
    const source = this.sources[index];
    if (!source) return fc.Stream.nil();
    return source
      .shrink(value, known?.inner)
      .filter((v) => this.accept(v.value))
      .map((v) => tagged(index, v));
  }
}

class SourceContext {
  constructor(
    readonly source: number,
    readonly inner: unknown,
  ) {}
}

function tagged<T>(source: number, value: fc.Value<T>): fc.Value<T> {
  return new fc.Value(value.value_, new SourceContext(source, value.context));
}

/** Any small JSON scalar, for schemas that say nothing. */
export function anyJson(): fc.Arbitrary<unknown> {
  return fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -1000, max: 1000 }), fc.string({ maxLength: 8 }));
}

/** JSON text with sorted keys: equal for values JSON Schema's `const`/`uniqueItems` call equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
