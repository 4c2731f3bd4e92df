import { describe, expect, it } from 'vitest';
import type { RestExchange } from '../checks/types.js';
import { evaluate, linkParameters, usesResponse } from './links.js';

const exchange: RestExchange = {
  request: { method: 'post', path: '/v1/products/{product_key}/device_groups', pathParams: { product_key: 'pk' }, query: { limit: '5' }, headers: { Authorization: 'token t' }, body: { parent_gid: 'p' } },
  url: 'http://h/v1/products/pk/device_groups',
  response: { status: 201, headers: { 'x-id': '9' }, body: { gid: 'g1', nested: { 'a/b': 2 } }, contentType: 'application/json' },
  elapsedMs: 1,
};

describe('runtime expressions', () => {
  it('reads the request and the response', () => {
    expect(evaluate('$request.path.product_key', exchange)).toBe('pk');
    expect(evaluate('$request.query.limit', exchange)).toBe('5');
    expect(evaluate('$request.header.authorization', exchange)).toBe('token t');
    expect(evaluate('$request.body', exchange)).toEqual({ parent_gid: 'p' });
    expect(evaluate('$request.body#/parent_gid', exchange)).toBe('p');
    expect(evaluate('$response.body#/gid', exchange)).toBe('g1');
    expect(evaluate('$response.body#/nested/a~1b', exchange)).toBe(2);
    expect(evaluate('$response.header.X-Id', exchange)).toBe('9');
    expect(evaluate('$statusCode', exchange)).toBe(201);
    expect(evaluate('$method', exchange)).toBe('POST');
    expect(evaluate('literal', exchange)).toBe('literal');
    expect(evaluate('$response.body#/missing', exchange)).toBeUndefined();
  });

  it('gives a link its parameters only when all can be evaluated', () => {
    const link = { name: 'L', operationId: 'x', parameters: { product_key: '$request.path.product_key', gid: '$response.body#/gid' }, location: { file: '', line: 1, col: 1, pointer: '' } };
    expect(usesResponse(link)).toBe(true);
    expect(linkParameters(link, exchange)).toEqual({ product_key: 'pk', gid: 'g1' });
    expect(linkParameters({ ...link, parameters: { gid: '$response.body#/none' } }, exchange)).toBeUndefined();
  });
});
