import { beforeAll, describe, expect, it } from 'vitest';
import type { IrOperation } from '../../generator/ir/types.js';
import { operationValidators } from '../../generated/gizwits-enterprise/validators.js';
import { loadSpecIr, SPEC_FILES } from '../spec/load.js';
import { invalidParts, toWire } from './wire.js';

let search: IrOperation;
let groups: IrOperation;
beforeAll(async () => {
  const ir = await loadSpecIr(SPEC_FILES.gizwits);
  search = ir.operations.find((o) => o.id === 'get_v1_products_product_key_devices_search')!;
  groups = ir.operations.find((o) => o.id === 'put_v1_products_product_key_device_groups_gid')!;
});

describe('toWire', () => {
  it('serialises query values as a server receives them', () => {
    const wire = toWire(search, { path: { product_key: 'pk' }, query: { limit: 5, is_online: 1, type: 'did', val: null }, headers: {} });
    expect(wire).toEqual({ ok: true, request: { method: 'get', path: search.path, pathParams: { product_key: 'pk' }, query: { limit: '5', is_online: '1', type: 'did', val: 'null' }, headers: {} } });
  });

  it('refuses path values no URL can carry', () => {
    expect(toWire(search, { path: {}, query: {}, headers: {} })).toEqual({ ok: false, reason: 'path parameter product_key is missing' });
    expect(toWire(search, { path: { product_key: '..' }, query: {}, headers: {} }).ok).toBe(false);
  });
});

describe('invalidParts', () => {
  it('uses the coercing validators: a number for a string parameter is valid on the wire', () => {
    const validators = operationValidators.get_v1_products_product_key_devices_search;
    const wire = toWire(search, { path: { product_key: 'pk' }, query: { val: 5, limit: 0 }, headers: {} });
    if (!wire.ok) throw new Error(wire.reason);
    expect(invalidParts(search, validators, wire.request)).toEqual(['query']);
    const fixed = toWire(search, { path: { product_key: 'pk' }, query: { val: 5, limit: 1 }, headers: {} });
    if (!fixed.ok) throw new Error(fixed.reason);
    expect(invalidParts(search, validators, fixed.request)).toEqual([]);
  });

  it('reports a missing required body', () => {
    const wire = toWire(groups, { path: { product_key: 'pk', gid: 'g' }, query: {}, headers: {} });
    if (!wire.ok) throw new Error(wire.reason);
    expect(invalidParts(groups, operationValidators.put_v1_products_product_key_device_groups_gid, wire.request)).toEqual(['body']);
  });
});
