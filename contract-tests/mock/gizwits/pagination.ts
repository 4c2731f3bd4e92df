/**
 * List answers: `{ meta: { limit, skip, total, next, previous }, objects }`, where `next` and
 * `previous` are relative URLs (path and query, the filters kept) or null.
 */

export const DEFAULT_LIMIT = 20;

export type ListMeta = {
  limit: number;
  skip: number;
  total: number;
  next: string | null;
  previous: string | null;
};

export type ListPage<T> = {
  meta: ListMeta;
  objects: T[];
};

export type QueryValues = Readonly<Record<string, string | number | boolean | undefined>>;

export interface PageLink {
  /** The list's path, e.g. `/v1/products/<pk>/devices/search`. */
  path: string;
  /** The request's query: every defined value is kept in the page URLs, `limit` and `skip` replaced. */
  query: QueryValues;
}

/** One page of `items`; `toObject` shapes only the items of the page. */
export function paginate<T, O = T>(items: readonly T[], link: PageLink, toObject?: (item: T) => O): ListPage<O> {
  const limit = positiveInt(link.query.limit) ?? DEFAULT_LIMIT;
  const skip = nonNegativeInt(link.query.skip) ?? 0;
  const total = items.length;
  return {
    meta: {
      limit,
      skip,
      total,
      next: skip + limit < total ? pageUrl(link, limit, skip + limit) : null,
      previous: skip > 0 ? pageUrl(link, limit, Math.max(0, Math.min(skip, total) - limit)) : null,
    },
    objects: items.slice(skip, skip + limit).map((item) => (toObject ? toObject(item) : (item as unknown as O))),
  };
}

function pageUrl(link: PageLink, limit: number, skip: number): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(link.query).sort()) {
    const value = link.query[key];
    if (value !== undefined && key !== 'limit' && key !== 'skip') params.append(key, String(value));
  }
  params.append('limit', String(limit));
  params.append('skip', String(skip));
  return `${link.path}?${params.toString()}`;
}

function positiveInt(value: unknown): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

function nonNegativeInt(value: unknown): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}
