/**
 * For the mock's HTTP tests: calls operations by id with the demo credentials, and checks every
 * answer against the spec: a documented status, a body valid for it, valid X-RateLimit-* headers,
 * and for errors a code the operation lists in `x-error-codes` (or one the stub answers itself).
 */

import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { parse } from 'yaml';
import type { OperationValidators } from '../../../generated/gizwits-enterprise/runtime/validation.js';
import { operationValidators } from '../../../generated/gizwits-enterprise/validators.js';
import type { GizwitsMock } from './index.js';

export interface SpecOperation {
  method: string;
  path: string;
  /** Security scheme names the operation needs. */
  security: string[];
  errorCodes: number[];
}

const spec = parse(await readFile(new URL('../../../specs/gizwits-enterprise.openapi.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId: string; security?: Record<string, unknown>[]; 'x-error-codes'?: number[] }>>;
  'x-error-roles': Record<string, number>;
};

/** Every operation of the spec by id. */
export const operations = new Map<string, SpecOperation>();
for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(item)) {
    const security = op.security === undefined ? ['GizwitsToken'] : op.security.flatMap((s) => Object.keys(s));
    operations.set(op.operationId, { method: method.toUpperCase(), path, security, errorCodes: op['x-error-codes'] ?? [] });
  }
}

/** Codes the stub itself answers for malformed requests and credentials, on any operation. */
const stubCodes = new Set(Object.values(spec['x-error-roles']));

export interface Call {
  path?: Record<string, string>;
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
  body?: unknown;
  /** Sent as is (for malformed bodies). */
  rawBody?: string;
  token?: string;
}

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** Which operations answered with a success, over all the clients sharing the log. */
export class AnswerLog {
  readonly succeeded = new Set<string>();
}

export class TestClient {
  token = '';

  constructor(
    readonly mock: GizwitsMock,
    private readonly log = new AnswerLog(),
  ) {}

  async call(id: string, call: Call = {}): Promise<Answer> {
    const op = operations.get(id)!;
    const params: Record<string, string> = { product_key: this.mock.credentials.product_key, ...call.path };
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
    const query = new URLSearchParams(Object.entries(call.query ?? {}).map(([k, v]) => [k, String(v)]));
    const headers: Record<string, string> = {};
    if (op.security.includes('GizwitsToken')) headers.authorization = `token ${call.token ?? this.token}`;
    if (op.security.includes('EnterpriseId')) {
      headers['x-gizwits-enterprise-id'] = this.mock.credentials.enterprise_id;
      headers['x-gizwits-enterprise-secret'] = this.mock.credentials.enterprise_secret;
    }
    Object.assign(headers, call.headers);
    const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.mock.url}${path}${query.size > 0 ? `?${query}` : ''}`, { method: op.method, headers, body });
    const text = await res.text();
    const answer = { status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: res.headers };
    checkAnswer(id, answer);
    if (answer.status < 300) this.log.succeeded.add(id);
    return answer;
  }

  async login(): Promise<void> {
    const { enterprise_id, enterprise_secret, product_secret } = this.mock.credentials;
    const answer = await this.call('post_v1_products_product_key_access_token', { body: { enterprise_id, enterprise_secret, product_secret } });
    expect(answer.status).toBe(201);
    this.token = answer.body.token;
  }
}

/** Fails the test when the answer is off-spec for the operation. */
export function checkAnswer(id: string, answer: Answer): void {
  const validators: OperationValidators = operationValidators[id as keyof typeof operationValidators];
  const documented = validators.responses[String(answer.status)];
  expect(documented, `${id} answered an undocumented status ${answer.status}: ${JSON.stringify(answer.body)}`).toBeDefined();
  if (documented!.body) {
    const ok = documented!.body(answer.body);
    expect(ok, `${id} ${answer.status}: ${JSON.stringify(documented!.body.issues)}`).toBe(true);
  } else {
    expect(answer.body).toBeUndefined();
  }
  const rateLimit = Object.fromEntries(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'].map((h) => [h, answer.headers.get(h)]));
  expect(documented!.headers?.(rateLimit), `${id} ${answer.status} rate-limit headers ${JSON.stringify(rateLimit)}`).toBe(true);
  if (answer.status >= 400) {
    const code = Number(answer.body.error_code);
    const listed = operations.get(id)!.errorCodes.includes(code) || stubCodes.has(code);
    expect(listed, `${id} answered error ${code}, which it does not list`).toBe(true);
  }
}
