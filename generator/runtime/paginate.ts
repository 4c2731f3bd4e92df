/**
 * Walks a skip/limit list API (`{ meta: { limit, skip, total, next, previous }, objects: [...] }`)
 * page by page and yields every object.
 */

export interface ListMeta {
  limit?: number | null;
  skip?: number | null;
  total?: number | null;
  /** Relative URL of the next page with its query (`/v1/…?limit=20&skip=20`), or `null` on the last page. */
  next?: string | null;
  previous?: string | null;
}

export interface ListPage<T> {
  meta?: ListMeta | null;
  objects: readonly T[];
}

export interface PageRequest {
  /** `undefined` lets the server choose its default page size. */
  limit: number | undefined;
  skip: number;
}

export interface PaginateOptions {
  /** Page size to ask for. */
  limit?: number;
  /** Where to start (default 0). */
  skip?: number;
}

/** The server's pages do not advance: following them would never end. */
export class PaginationError extends Error {
  override readonly name = 'PaginationError';
}

/**
 * Yields every object of every page. The next page is the one `meta.next` names when it is a URL,
 * otherwise the one after this page's objects while `skip + objects.length < total`. It stops at an
 * empty page, and throws a `PaginationError` when a page would be requested twice or a page repeats
 * the previous one (a server ignoring `skip`).
 */
export async function* paginate<T>(
  fetchPage: (request: PageRequest) => Promise<ListPage<T>>,
  options: PaginateOptions = {},
): AsyncGenerator<T, void, undefined> {
  let request: PageRequest | undefined = { limit: options.limit, skip: options.skip ?? 0 };
  const requestedSkips = new Set<number>();
  let previousFingerprint: string | undefined;
  while (request) {
    requestedSkips.add(request.skip);
    const page = await fetchPage(request);
    if (!Array.isArray(page?.objects)) throw new PaginationError(`page at skip ${request.skip} has no 'objects' array`);
    if (page.objects.length === 0) return;
    const fingerprint = JSON.stringify(page.objects);
    if (fingerprint === previousFingerprint) throw new PaginationError(`page at skip ${request.skip} repeats the previous page`);
    previousFingerprint = fingerprint;
    yield* page.objects;
    request = nextRequest(request, page);
    if (request && requestedSkips.has(request.skip)) {
      throw new PaginationError(`the server does not advance: skip ${request.skip} was already requested`);
    }
  }
}

/** Every object of every page, in order. */
export async function collectAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

function nextRequest(current: PageRequest, page: ListPage<unknown>): PageRequest | undefined {
  const meta = page.meta ?? {};
  const skip = typeof meta.skip === 'number' ? meta.skip : current.skip;
  const following = skip + page.objects.length;
  if (typeof meta.next === 'string' && meta.next !== '') {
    const named = pageRequestFromUrl(meta.next);
    return { limit: named.limit ?? current.limit, skip: named.skip ?? following };
  }
  if (typeof meta.total === 'number' && following < meta.total) return { limit: current.limit, skip: following };
  return undefined;
}

/** `limit` and `skip` from the query of a (possibly relative) page URL. */
export function pageRequestFromUrl(url: string): { limit: number | undefined; skip: number | undefined } {
  const query = new URL(url, 'http://base.invalid').searchParams;
  return { limit: queryInteger(query, 'limit', url), skip: queryInteger(query, 'skip', url) };
}

function queryInteger(query: URLSearchParams, name: string, url: string): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < 0) throw new PaginationError(`'${name}' in next page URL ${url} is not a count`);
  return n;
}
