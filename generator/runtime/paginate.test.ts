import { describe, expect, it } from 'vitest';
import { collectAll, pageRequestFromUrl, paginate, PaginationError, type ListPage, type PageRequest } from './paginate.js';

const rows = Array.from({ length: 7 }, (_, i) => ({ did: `d${i}` }));
type Row = (typeof rows)[number];

/** A well-behaved list endpoint over `rows`, recording what it was asked for. */
function listServer(options: { withNext: boolean; defaultLimit?: number }) {
  const requests: PageRequest[] = [];
  const fetchPage = async (request: PageRequest): Promise<ListPage<Row>> => {
    requests.push(request);
    const limit = request.limit ?? options.defaultLimit ?? 20;
    const objects = rows.slice(request.skip, request.skip + limit);
    const after = request.skip + limit;
    return {
      meta: {
        limit,
        skip: request.skip,
        total: options.withNext ? null : rows.length,
        next: options.withNext && after < rows.length ? `/v1/products/pk/devices/search?limit=${limit}&skip=${after}` : null,
        previous: null,
      },
      objects,
    };
  };
  return { requests, fetchPage };
}

describe('paginate', () => {
  it('follows skip/limit across three pages until total', async () => {
    const server = listServer({ withNext: false });
    expect(await collectAll(paginate(server.fetchPage, { limit: 3 }))).toEqual(rows);
    expect(server.requests).toEqual([
      { limit: 3, skip: 0 },
      { limit: 3, skip: 3 },
      { limit: 3, skip: 6 },
    ]);
  });

  it('follows meta.next across three pages', async () => {
    const server = listServer({ withNext: true, defaultLimit: 3 });
    expect(await collectAll(paginate(server.fetchPage))).toEqual(rows);
    expect(server.requests).toEqual([
      { limit: undefined, skip: 0 },
      { limit: 3, skip: 3 },
      { limit: 3, skip: 6 },
    ]);
  });

  it('starts at the given skip', async () => {
    const server = listServer({ withNext: false });
    expect(await collectAll(paginate(server.fetchPage, { limit: 4, skip: 2 }))).toEqual(rows.slice(2));
  });

  it('stops at an empty page', async () => {
    let calls = 0;
    const fetchPage = async (request: PageRequest): Promise<ListPage<number>> => {
      calls++;
      return { meta: { total: 100, skip: request.skip }, objects: request.skip === 0 ? [1, 2] : [] };
    };
    expect(await collectAll(paginate(fetchPage))).toEqual([1, 2]);
    expect(calls).toBe(2);
  });

  it('stops with an error when the server reports the same skip again', async () => {
    let calls = 0;
    const fetchPage = async (): Promise<ListPage<number>> => ({ meta: { total: 10, skip: 0, limit: 2 }, objects: [++calls, 0] });
    const seen: number[] = [];
    const walk = async () => {
      for await (const n of paginate(fetchPage, { limit: 2 })) seen.push(n);
    };
    await expect(walk()).rejects.toThrow(new PaginationError('the server does not advance: skip 2 was already requested'));
    expect(seen).toEqual([1, 0, 2, 0]);
  });

  it('stops with an error when the same page comes back for a new skip', async () => {
    const fetchPage = async (): Promise<ListPage<number>> => ({ meta: { total: 10 }, objects: [1, 2] });
    await expect(collectAll(paginate(fetchPage, { limit: 2 }))).rejects.toThrow('repeats the previous page');
  });

  it('stops with an error when next points back at a requested page', async () => {
    const fetchPage = async (request: PageRequest): Promise<ListPage<number>> => ({ meta: { next: '/v1/x?skip=0&limit=2' }, objects: [request.skip] });
    await expect(collectAll(paginate(fetchPage))).rejects.toThrow('skip 0 was already requested');
  });

  it('rejects a page without objects', async () => {
    const fetchPage = async () => ({ meta: {} }) as unknown as ListPage<number>;
    await expect(collectAll(paginate(fetchPage))).rejects.toThrow("no 'objects' array");
  });
});

describe('pageRequestFromUrl', () => {
  it('reads skip and limit from relative and absolute URLs', () => {
    expect(pageRequestFromUrl('/v1/devices?limit=20&skip=40&gid=x')).toEqual({ limit: 20, skip: 40 });
    expect(pageRequestFromUrl('http://h.test/v1/devices?skip=5')).toEqual({ limit: undefined, skip: 5 });
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() => pageRequestFromUrl('/v1?skip=-1')).toThrow(PaginationError);
    expect(() => pageRequestFromUrl('/v1?limit=abc')).toThrow(PaginationError);
    expect(() => pageRequestFromUrl('/v1?limit=')).toThrow(PaginationError);
  });
});
