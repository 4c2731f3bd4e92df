/**
 * OpenAPI link runtime expressions (`$request.path.gid`, `$response.body#/gid`, …) evaluated
 * against one exchange. A value that cannot be found is `undefined`.
 */
import { getAt } from '../../generator/load/pointer.js';
import type { IrLink } from '../../generator/ir/types.js';
import type { RestExchange } from '../checks/types.js';

export function evaluate(expression: unknown, exchange: RestExchange): unknown {
  if (typeof expression !== 'string' || !expression.startsWith('$')) return expression;
  const { request, response } = exchange;
  const [source, rest = ''] = splitOnce(expression, '.');
  if (expression === '$method') return request.method.toUpperCase();
  if (expression === '$url') return exchange.url;
  if (expression === '$statusCode') return response?.status;
  if (source === '$request') {
    if (rest.startsWith('path.')) return own(request.pathParams, rest.slice(5));
    if (rest.startsWith('query.')) return own(request.query, rest.slice(6));
    if (rest.startsWith('header.')) return header(request.headers, rest.slice(7));
    if (rest.startsWith('body')) return bodyAt(request.body, rest.slice(4));
  }
  if (source === '$response' && response) {
    if (rest.startsWith('header.')) return header(response.headers, rest.slice(7));
    if (rest.startsWith('body')) return bodyAt(response.body, rest.slice(4));
  }
  return undefined;
}

/** Whether a link names something the response created (a parameter taken from the response). */
export function usesResponse(link: IrLink): boolean {
  return Object.values(link.parameters).some((e) => e.startsWith('$response.'));
}

/** The link's target parameters, or `undefined` when one of them cannot be evaluated. */
export function linkParameters(link: IrLink, exchange: RestExchange): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  for (const [name, expression] of Object.entries(link.parameters)) {
    const value = evaluate(expression, exchange);
    if (value === undefined || value === null || typeof value === 'object') return undefined;
    values[name] = String(value);
  }
  return values;
}

function bodyAt(body: unknown, rest: string): unknown {
  if (rest === '') return body;
  return rest.startsWith('#') ? getAt(body, decodeURIComponent(rest.slice(1))) : undefined;
}

function own(record: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(headers).find(([k]) => k.toLowerCase() === wanted)?.[1];
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
