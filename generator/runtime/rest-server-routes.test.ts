import { describe, expect, it } from 'vitest';
import { RouteTable } from './rest-server-routes.js';

const route = (method: string, path: string) => ({ method, path, id: `${method} ${path}` });

describe('RouteTable', () => {
  const table = new RouteTable([
    route('GET', '/v1/products/{product_key}/devices/{did}/data'),
    route('GET', '/v1/products/{product_key}/devices/report/rt'),
    route('GET', '/v1/products/{product_key}/devices/search'),
    route('POST', '/v1/products/{product_key}/devices/bindings'),
    route('DELETE', '/v1/products/{product_key}/devices/bindings'),
    route('GET', '/v1/items/{id}'),
    route('GET', '/v1/items/special'),
    route('PUT', '/v1/items/{other}'),
    route('GET', '/files/{name}.json'),
    route('GET', '/things/{__proto__}'),
  ]);

  it('extracts path parameters, percent-decoded', () => {
    const found = table.match('GET', '/v1/products/p%20k/devices/d%2F1/data');
    expect(found).toMatchObject({ kind: 'found', route: { id: 'GET /v1/products/{product_key}/devices/{did}/data' } });
    expect(found.kind === 'found' && { ...found.params }).toEqual({ product_key: 'p k', did: 'd/1' });
  });

  it('prefers literal segments over parameters', () => {
    expect(table.match('GET', '/v1/products/pk/devices/report/rt')).toMatchObject({ route: { id: 'GET /v1/products/{product_key}/devices/report/rt' } });
    expect(table.match('GET', '/v1/items/special')).toMatchObject({ route: { id: 'GET /v1/items/special' } });
    expect(table.match('GET', '/v1/items/other')).toMatchObject({ route: { id: 'GET /v1/items/{id}' } });
  });

  it('falls back to a parameter route when the literal route lacks the method', () => {
    const found = table.match('PUT', '/v1/items/special');
    expect(found).toMatchObject({ route: { id: 'PUT /v1/items/{other}' } });
    expect(found.kind === 'found' && { ...found.params }).toEqual({ other: 'special' });
  });

  it('answers method-not-allowed with every method of the matching paths', () => {
    expect(table.match('PATCH', '/v1/products/pk/devices/bindings')).toEqual({ kind: 'method-not-allowed', allow: 'DELETE, POST' });
    expect(table.match('DELETE', '/v1/items/special')).toEqual({ kind: 'method-not-allowed', allow: 'GET, PUT' });
  });

  it('answers not-found for unknown paths, other segment counts and trailing slashes', () => {
    expect(table.match('GET', '/v1/nothing')).toEqual({ kind: 'not-found' });
    expect(table.match('GET', '/v1/items/a/b')).toEqual({ kind: 'not-found' });
    expect(table.match('GET', '/v1/products/pk/devices/search/')).toEqual({ kind: 'not-found' });
    expect(table.match('GET', '')).toEqual({ kind: 'not-found' });
  });

  it('matches parameters inside a segment', () => {
    const found = table.match('GET', '/files/report.v2.json');
    expect(found.kind === 'found' && { ...found.params }).toEqual({ name: 'report.v2' });
    expect(table.match('GET', '/files/report.xml')).toEqual({ kind: 'not-found' });
  });

  it('keeps hostile parameter names as own properties', () => {
    const found = table.match('GET', '/things/x');
    expect(found.kind).toBe('found');
    if (found.kind !== 'found') return;
    expect(Object.getOwnPropertyNames(found.params)).toEqual(['__proto__']);
    expect(found.params['__proto__']).toBe('x');
  });

  it('lets empty and malformed segments reach the validators instead of failing', () => {
    expect(table.match('GET', '/v1/items/')).toMatchObject({ kind: 'found', params: { id: '' } });
    expect(table.match('GET', '/v1/items/%E0%A4%A')).toMatchObject({ kind: 'found', params: { id: '%E0%A4%A' } });
  });

  it('refuses two routes for one method and path', () => {
    expect(() => new RouteTable([route('GET', '/a/{x}'), route('get', '/a/{y}')])).toThrow(/two routes for GET/);
  });
});
