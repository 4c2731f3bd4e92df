/**
 * Reading the parts of an incoming request the REST server validates: the query string, the
 * body (with a size limit) and its media type.
 */
import type { IncomingMessage } from 'node:http';

/** Query parameters by name; a name given more than once maps to an array of its values. */
export type QueryValues = Record<string, string | string[]>;

/**
 * Parses `a=1&b=x&b=y` (without the `?`). `+` is a space; a malformed percent escape is kept as
 * written rather than rejected, so the validators report the value instead of the parser failing.
 */
export function parseQuery(search: string): QueryValues {
  // A null prototype keeps names such as `__proto__` as plain own properties.
  const query = Object.create(null) as QueryValues;
  if (search === '') return query;
  for (const pair of search.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    const existing = query[name];
    if (existing === undefined) query[name] = value;
    else if (typeof existing === 'string') query[name] = [existing, value];
    else existing.push(value);
  }
  return query;
}

function decodeComponent(text: string): string {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** The body was longer than the server accepts. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  readonly limit: number;

  constructor(limit: number) {
    super(`request body larger than ${limit} bytes`);
    this.limit = limit;
  }
}

/** Whether the request announces a body (a non-zero Content-Length or a chunked transfer). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

/**
 * Reads the whole body. Rejects with `BodyTooLargeError` as soon as it is known to exceed `limit`
 * (from Content-Length or while reading); the rest of the upload is then discarded unread.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const announced = Number(req.headers['content-length']);
    if (announced > limit) {
      req.resume();
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.resume();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** `application/json; charset=utf-8` → `application/json`; `undefined` when absent. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const semicolon = contentType.indexOf(';');
  const essence = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return essence === '' ? undefined : essence;
}

export function isJsonMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && (mediaType === 'application/json' || mediaType.endsWith('+json'));
}

/** Whether a request's media type is one the spec accepts (`type/subtype`, `type/*` or `*\/*`). */
export function acceptsMediaType(accepted: readonly string[], mediaType: string): boolean {
  for (const range of accepted) {
    const r = range.toLowerCase();
    if (r === mediaType || r === '*/*') return true;
    if (r.endsWith('/*') && mediaType.startsWith(r.slice(0, -1))) return true;
  }
  return false;
}

/** The body as the handler sees it: parsed JSON, form fields, text, or the raw bytes. */
export type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseBody(bytes: Buffer, mediaType: string | undefined): ParsedBody {
  if (isJsonMediaType(mediaType)) {
    try {
      return { ok: true, value: JSON.parse(bytes.toString('utf8')) as unknown };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }
  if (mediaType === 'application/x-www-form-urlencoded') return { ok: true, value: parseQuery(bytes.toString('utf8')) };
  if (mediaType !== undefined && mediaType.startsWith('text/')) return { ok: true, value: bytes.toString('utf8') };
  return { ok: true, value: bytes };
}
