/**
 * Errors a REST call can end with: `ApiError` for a non-2xx answer (whatever its body looks like)
 * and `ResponseValidationError` for a 2xx answer that does not match the spec.
 */
import type { HttpResponse } from './http-request.js';
import { formatIssues, type ValidationIssue } from './validation.js';

/** Where the error body keeps its fields, e.g. `{ code: 'error_code', message: 'error_message', detail: 'detail' }`. */
export interface ErrorBodyFields {
  code: string;
  message: string;
  detail: string;
}

export const defaultErrorBodyFields: ErrorBodyFields = { code: 'error_code', message: 'error_message', detail: 'detail' };

export interface ApiErrorInit {
  operationId: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
  contentType?: string | undefined;
  fields?: ErrorBodyFields;
}

/** A non-2xx answer. `code` is the spec's error code when the body carries one (integer or numeric string). */
export class ApiError<Code extends number = number> extends Error {
  override readonly name = 'ApiError';
  readonly operationId: string;
  readonly status: number;
  /** A code outside the spec's catalogue is still reported as its number. */
  readonly code: Code | undefined;
  readonly errorMessage: string | undefined;
  readonly detail: string | undefined;
  /** The body as received: parsed JSON, text, or `undefined` when empty. */
  readonly body: unknown;
  /** Header names lowercased. */
  readonly headers: Record<string, string>;

  constructor(init: ApiErrorInit) {
    const fields = init.fields ?? defaultErrorBodyFields;
    const record = isRecord(init.body) ? init.body : undefined;
    const code = parseErrorCode(record?.[fields.code]) as Code | undefined;
    const errorMessage = optionalText(record?.[fields.message]);
    const detail = optionalText(record?.[fields.detail]);
    super(`${init.operationId} failed: HTTP ${init.status} ${describe(code, errorMessage, detail, init.body, init.contentType)}`);
    this.operationId = init.operationId;
    this.status = init.status;
    this.code = code;
    this.errorMessage = errorMessage;
    this.detail = detail;
    this.body = init.body;
    this.headers = init.headers;
  }

  static fromResponse<Code extends number = number>(operationId: string, response: HttpResponse, fields?: ErrorBodyFields): ApiError<Code> {
    return new ApiError<Code>({ operationId, status: response.status, body: response.body, headers: response.headers, contentType: response.contentType, ...(fields ? { fields } : {}) });
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** An error code sent as an integer or as a numeric string (`5001`, `"5001"`); anything else is `undefined`. */
export function parseErrorCode(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
    const code = Number(value);
    return Number.isSafeInteger(code) ? code : undefined;
  }
  return undefined;
}

/** A 2xx answer whose body (or status) the spec does not allow. */
export class ResponseValidationError extends Error {
  override readonly name = 'ResponseValidationError';
  readonly operationId: string;
  readonly status: number;
  readonly issues: readonly ValidationIssue[];
  readonly body: unknown;

  constructor(operationId: string, status: number, issues: readonly ValidationIssue[], body: unknown) {
    super(`${operationId}: HTTP ${status} response does not match the spec: ${formatIssues(issues)}`);
    this.operationId = operationId;
    this.status = status;
    this.issues = issues;
    this.body = body;
  }
}

const snippetLength = 200;

function describe(code: number | undefined, message: string | undefined, detail: string | undefined, body: unknown, contentType: string | undefined): string {
  if (code !== undefined || message !== undefined) {
    const head = [code === undefined ? undefined : `error ${code}`, message].filter((s) => s !== undefined).join(': ');
    return detail === undefined ? head : `${head} (${detail})`;
  }
  if (body === undefined || (typeof body === 'string' && body.trim() === '')) return '(no error body)';
  if (typeof body === 'string') return looksLikeHtml(body, contentType) ? `(HTML body${htmlTitle(body)})` : `(${snippet(body)})`;
  return `(unrecognised error body: ${snippet(JSON.stringify(body))})`;
}

function looksLikeHtml(text: string, contentType: string | undefined): boolean {
  return (contentType?.toLowerCase().includes('html') ?? false) || /^\s*<(!doctype|html)/i.test(text);
}

function htmlTitle(html: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1];
  return title === undefined ? '' : `: ${snippet(title)}`;
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > snippetLength ? `${flat.slice(0, snippetLength)}…` : flat;
}

function optionalText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
