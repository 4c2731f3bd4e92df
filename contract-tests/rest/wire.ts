/**
 * A request sample in the form it travels over HTTP, and whether that form is still what the
 * sample claims to be: query and path values become strings, so a value of the wrong type (the
 * number 5 for a string parameter, say) may turn valid on the way. The generated parameter
 * validators coerce strings as a server does, so they decide.
 */
import type { IrOperation } from '../../generator/ir/types.js';
import type { RequestSample } from '../../generator/runtime/samples.js';
import type { OperationValidators, Validator } from '../../generator/runtime/validation.js';
import type { RestRequest } from '../checks/types.js';

export type WireResult = { ok: true; request: RestRequest } | { ok: false; reason: string };

export function toWire(op: IrOperation, sample: RequestSample): WireResult {
  const pathParams: Record<string, string> = {};
  for (const name of pathNames(op.path)) {
    const value = Object.hasOwn(sample.path, name) ? sample.path[name] : undefined;
    if (typeof value !== 'string') return { ok: false, reason: `path parameter ${name} is missing` };
    if (value === '' || value === '.' || value === '..') return { ok: false, reason: `path parameter ${name} is ${JSON.stringify(value)}, which no URL can carry` };
    pathParams[name] = value;
  }
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(sample.query)) {
    if (value === undefined) continue;
    query[name] = Array.isArray(value) ? value.map(queryText) : queryText(value);
  }
  const request: RestRequest = { method: op.method, path: op.path, pathParams, query, headers: { ...sample.headers } };
  if (sample.body !== undefined) {
    const text = JSON.stringify(sample.body);
    if (text === undefined) return { ok: false, reason: 'the body has no JSON form' };
    request.body = JSON.parse(text) as unknown;
  }
  return { ok: true, request };
}

function copyParams(params: Record<string, string | string[]>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
}

function queryText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value) ?? String(value);
}

function pathNames(template: string): string[] {
  return [...template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1] as string);
}

/** The parts of a request (before credentials are added, as a server reads them) that fail their schema. */
export function invalidParts(op: IrOperation, validators: OperationValidators | undefined, request: RestRequest): string[] {
  const failed: string[] = [];
  const passes = (validator: Validator | undefined, value: unknown) => validator === undefined || validator(value);
  // Parameter validators coerce in place (arrays included): each gets a copy.
  if (!passes(validators?.path, { ...request.pathParams })) failed.push('path');
  if (!passes(validators?.query, copyParams(request.query))) failed.push('query');
  if (!passes(validators?.headers, { ...request.headers })) failed.push('header');
  if (request.body === undefined ? op.requestBody?.required === true : !passes(validators?.body, request.body)) failed.push('body');
  return failed;
}
