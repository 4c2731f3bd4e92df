import { describe, expect, it } from 'vitest';
import { ApiError, isApiError, parseErrorCode, ResponseValidationError } from './http-error.js';
import type { HttpResponse } from './http-request.js';

function response(status: number, body: unknown, contentType?: string): HttpResponse {
  return { status, headers: contentType ? { 'content-type': contentType } : {}, body, contentType };
}

describe('parseErrorCode', () => {
  it('accepts integers and numeric strings and nothing else', () => {
    expect(parseErrorCode(5001)).toBe(5001);
    expect(parseErrorCode('5011')).toBe(5011);
    expect(parseErrorCode(' 5013 ')).toBe(5013);
    expect(parseErrorCode('50x1')).toBeUndefined();
    expect(parseErrorCode('')).toBeUndefined();
    expect(parseErrorCode(50.5)).toBeUndefined();
    expect(parseErrorCode(null)).toBeUndefined();
    expect(parseErrorCode(undefined)).toBeUndefined();
  });
});

describe('ApiError', () => {
  it('reads code, message and detail from a body with an integer error_code', () => {
    const body = { error_code: 5001, error_message: 'body json invalid', detail: 'missing field did' };
    const error = ApiError.fromResponse('post_v1_control', { ...response(400, body, 'application/json'), headers: { 'x-ratelimit-remaining': '9' } });
    expect(error).toBeInstanceOf(Error);
    expect(isApiError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'ApiError',
      operationId: 'post_v1_control',
      status: 400,
      code: 5001,
      errorMessage: 'body json invalid',
      detail: 'missing field did',
      body,
      headers: { 'x-ratelimit-remaining': '9' },
    });
    expect(error.message).toBe('post_v1_control failed: HTTP 400 error 5001: body json invalid (missing field did)');
  });

  it('reads a code sent as a numeric string', () => {
    const error = ApiError.fromResponse('get_v1_x', response(400, { error_code: '5011', error_message: 'token has expired' }));
    expect(error.code).toBe(5011);
    expect(error.detail).toBeUndefined();
    expect(error.message).toBe('get_v1_x failed: HTTP 400 error 5011: token has expired');
  });

  it('keeps the spec enum type of the code', () => {
    enum Code {
      TokenExpired = 5011,
    }
    const error = ApiError.fromResponse<Code>('get_v1_x', response(400, { error_code: 5011 }));
    const expired: boolean = error.code === Code.TokenExpired;
    expect(expired).toBe(true);
  });

  it('stays readable for empty, HTML, plain-text and unrecognised JSON bodies', () => {
    expect(ApiError.fromResponse('get_v1_x', response(503, undefined)).message).toBe('get_v1_x failed: HTTP 503 (no error body)');
    expect(ApiError.fromResponse('get_v1_x', response(503, '  \n')).message).toBe('get_v1_x failed: HTTP 503 (no error body)');
    const html = ApiError.fromResponse('get_v1_x', response(502, '<!DOCTYPE html><html><head><title>502 Bad\n Gateway</title></head><body>…</body></html>', 'text/html'));
    expect(html.message).toBe('get_v1_x failed: HTTP 502 (HTML body: 502 Bad Gateway)');
    expect(html.code).toBeUndefined();
    expect(ApiError.fromResponse('get_v1_x', response(500, '<html><body>oops</body></html>')).message).toBe('get_v1_x failed: HTTP 500 (HTML body)');
    expect(ApiError.fromResponse('get_v1_x', response(500, 'upstream  reset')).message).toBe('get_v1_x failed: HTTP 500 (upstream reset)');
    const long = ApiError.fromResponse('get_v1_x', response(500, 'x'.repeat(500)));
    expect(long.message.length).toBeLessThan(260);
    expect(ApiError.fromResponse('get_v1_x', response(404, { message: 'nope' })).message).toBe(
      'get_v1_x failed: HTTP 404 (unrecognised error body: {"message":"nope"})',
    );
    expect(ApiError.fromResponse('get_v1_x', response(404, [1, 2])).code).toBeUndefined();
  });

  it('reads the fields a spec names', () => {
    const error = ApiError.fromResponse('op', response(409, { code: '42', msg: 'conflict', info: { id: 1 } }), { code: 'code', message: 'msg', detail: 'info' });
    expect(error).toMatchObject({ code: 42, errorMessage: 'conflict', detail: '{"id":1}' });
  });

  it('is told apart from other errors', () => {
    expect(isApiError(new Error('x'))).toBe(false);
    expect(isApiError({ name: 'ApiError' })).toBe(false);
  });
});

describe('ResponseValidationError', () => {
  it('lists the issues in its message', () => {
    const issue = { path: '/token', keyword: 'type', message: 'must be string', schemaPointer: '/components/schemas/Token/properties/token/type', params: {} };
    const error = new ResponseValidationError('create_token', 201, [issue], { token: 1 });
    expect(error.message).toBe('create_token: HTTP 201 response does not match the spec: /token must be string [type at #/components/schemas/Token/properties/token/type]');
    expect(error).toMatchObject({ name: 'ResponseValidationError', operationId: 'create_token', status: 201, issues: [issue], body: { token: 1 } });
  });
});
