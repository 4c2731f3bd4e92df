/**
 * Real identifiers of the target (a product key, device ids, a group id, …) put into generated
 * samples in place of the random ones, so requests reach existing resources instead of always
 * answering "not found". Which names are identifiers is the API binding's list; a sample key
 * takes an identifier's values when it is named like it (`gid`), ends with it (`parent_gid`) or
 * is its plural holding an array (`dids`). Values that belong together (a user and its app)
 * come as one record and are used together.
 */
import type { RequestSample, Violation } from '../../generator/runtime/samples.js';
import { Prng } from '../util/prng.js';

export interface KnownRecord {
  values: Readonly<Record<string, string>>;
  /**
   * Scope values (from the credentials, such as the product key) are safe everywhere; the others
   * name resources and are never put into a DELETE, which gets only what the run created.
   */
  scope: boolean;
}

export class KnownValues {
  private readonly records: KnownRecord[] = [];

  constructor(readonly identifiers: readonly string[]) {}

  add(values: Readonly<Record<string, string>>, scope = false): void {
    const kept = Object.fromEntries(Object.entries(values).filter(([k, v]) => this.identifiers.includes(k) && v !== ''));
    if (Object.keys(kept).length > 0) this.records.push({ values: kept, scope });
  }

  /** Every known value of an identifier. */
  values(identifier: string): string[] {
    return [...new Set(this.records.flatMap((r) => (Object.hasOwn(r.values, identifier) ? [r.values[identifier] as string] : [])))];
  }

  get size(): number {
    return this.records.length;
  }

  /** A record holding every one of `identifiers`, if any. */
  recordWith(...identifiers: string[]): Readonly<Record<string, string>> | undefined {
    return this.records.find((r) => identifiers.every((id) => Object.hasOwn(r.values, id)))?.values;
  }

  /**
   * The sample with identifiers replaced by known values (path, query, top-level body keys). The
   * key an invalid sample breaks is left alone, and no key is added.
   */
  substitute(sample: RequestSample, random: () => number, options: { scopeOnly?: boolean; keep?: Violation } = {}): RequestSample {
    const records = options.scopeOnly ? this.records.filter((r) => r.scope) : this.records;
    if (records.length === 0) return sample;
    const kept = options.keep ? keptKey(options.keep) : undefined;
    const chooser = new Chooser(records, random, this.needed(sample));
    const fill = (location: Violation['location'], object: Record<string, unknown>): Record<string, unknown> => {
      const out = { ...object };
      for (const [key, value] of Object.entries(object)) {
        if (kept && kept.location === location && kept.key === key) continue;
        const replaced = this.replacement(key, value, chooser);
        if (replaced !== undefined) out[key] = replaced;
      }
      return out;
    };
    const next: RequestSample = {
      ...sample,
      path: fill('path', sample.path) as Record<string, string>,
      query: fill('query', sample.query),
      headers: fill('header', sample.headers) as Record<string, string>,
    };
    if (isRecord(sample.body)) next.body = fill('body', sample.body);
    return next;
  }

  /** The identifiers a sample has keys for. */
  private needed(sample: RequestSample): Set<string> {
    const keys = [sample.path, sample.query, sample.headers, isRecord(sample.body) ? sample.body : {}].flatMap((o) => Object.keys(o));
    return new Set(this.identifiers.filter((id) => keys.some((k) => this.identifierOf(k) === id)));
  }

  private identifierOf(key: string): string | undefined {
    return this.identifiers.find((id) => key === id || key.endsWith(`_${id}`) || key === `${id}s`);
  }

  private replacement(key: string, value: unknown, chooser: Chooser): unknown {
    for (const identifier of this.identifiers) {
      if ((key === identifier || key.endsWith(`_${identifier}`)) && (typeof value === 'string' || typeof value === 'number')) {
        return chooser.value(identifier) ?? undefined;
      }
      if (key === `${identifier}s` && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        const known = value.map(() => chooser.any(identifier));
        return known.every((v) => v !== undefined) ? known : undefined;
      }
    }
    return undefined;
  }
}

/** Picks values so that those of one request come from one record where possible. */
class Chooser {
  private current: KnownRecord | undefined;

  constructor(
    private readonly records: readonly KnownRecord[],
    private readonly random: () => number,
    /** Identifiers the request needs: records holding more of them are preferred. */
    private readonly needed: ReadonlySet<string>,
  ) {}

  value(identifier: string): string | undefined {
    if (this.current && Object.hasOwn(this.current.values, identifier)) return this.current.values[identifier];
    const record = this.pick(identifier);
    if (record) this.current = record;
    return record?.values[identifier];
  }

  /** A value from any record, independently of the others (items of an array). */
  any(identifier: string): string | undefined {
    return this.pick(identifier)?.values[identifier];
  }

  private pick(identifier: string): KnownRecord | undefined {
    const holding = this.records.filter((r) => Object.hasOwn(r.values, identifier));
    const score = (r: KnownRecord) => Object.keys(r.values).filter((k) => this.needed.has(k)).length;
    const best = Math.max(0, ...holding.map(score));
    const candidates = holding.filter((r) => score(r) === best);
    return candidates.length === 0 ? undefined : candidates[Math.floor(this.random() * candidates.length)];
  }
}

function keptKey(violation: Violation): { location: Violation['location']; key: string } | undefined {
  const first = violation.pointer.split('/')[1];
  return first === undefined || first === '' ? undefined : { location: violation.location, key: first.replace(/~1/g, '/').replace(/~0/g, '~') };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A seeded source of floats in [0, 1): the same seed gives the same choices. */
export function seededRandom(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}
