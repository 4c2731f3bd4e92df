/**
 * The REST part of a run: reach the target, obtain tokens, find real resources, run every
 * operation (DELETEs last, so they consume what the others created), clean up.
 */
import type { IrOperation } from '../../generator/ir/types.js';
import type { FetchLike } from '../../generator/runtime/http-request.js';
import type { Credentials, Discovery, RestApi } from '../apis/api.js';
import type { Check, CheckSettings, RestExchange } from '../checks/types.js';
import { curlCommand } from '../report/curl.js';
import type { RecordedExchange, TargetOutcome } from '../report/model.js';
import type { Redactor } from '../report/redact.js';
import { credentialsFor, withCredentials, type AuthState } from '../rest/credentials.js';
import { Disposables } from '../rest/disposables.js';
import { keepAliveFetch } from '../rest/http-fetch.js';
import { KnownValues } from '../rest/known-values.js';
import { runOperation, type RestRunContext } from '../rest/runner.js';
import type { Throttle } from '../rest/throttle.js';
import { sentHeaders, transport, type Send } from '../rest/transport.js';
import { mapLimit } from '../util/pool.js';
import { TargetError } from './options.js';
import { progressLine } from './progress.js';

export interface RestTarget {
  baseUrl: string;
  credentials: Credentials;
  /** Environment variable shown in place of each credential in printed output. */
  credentialEnv: Readonly<Record<string, string>>;
  records: Record<string, string>[];
  /** A token of the target that has expired, obtained with the session's fetch. */
  expiredToken?: (fetch: FetchLike) => Promise<string | undefined>;
}

export interface RestSession {
  api: RestApi;
  target: RestTarget;
  send: Send;
  auth: AuthState;
  expiredToken?: string;
  known: KnownValues;
  disposables: Disposables;
  discovery?: Discovery;
  notes: string[];
  /** The throttled keep-alive fetch the generated clients of the run use. */
  fetch: FetchLike;
  /** Closes the keep-alive connections. */
  close(): void;
}

export async function openRestSession(api: RestApi, target: RestTarget, options: { timeoutMs: number; throttle: Throttle; redactor: Redactor; connections: number }): Promise<RestSession> {
  await probe(target.baseUrl, options.timeoutMs);
  for (const [name, value] of Object.entries(target.credentials)) options.redactor.add(value, target.credentialEnv[name] ?? name.toUpperCase());
  const connections = keepAliveFetch(options.connections);
  const fetch: FetchLike = async (url, init) => {
    await options.throttle.take();
    return connections(url, init);
  };
  let token: string;
  try {
    token = (await api.issueToken({ baseUrl: target.baseUrl, credentials: target.credentials, fetch, timeoutMs: options.timeoutMs })).token;
  } catch (error) {
    throw new TargetError(`cannot obtain an access token from ${target.baseUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
  options.redactor.add(token, 'ACCESS_TOKEN');
  const expiredToken = target.expiredToken ? await target.expiredToken(fetch) : undefined;
  options.redactor.add(expiredToken, 'EXPIRED_TOKEN');

  const notes: string[] = [];
  const known = new KnownValues(api.identifiers);
  known.add(target.credentials, true);
  for (const record of target.records) known.add(record);
  let discovery: Discovery | undefined;
  if (api.discover) {
    discovery = await api.discover({ baseUrl: target.baseUrl, credentials: target.credentials, timeoutMs: options.timeoutMs, fetch });
    for (const record of discovery.records) known.add(record);
    notes.push(...discovery.notes.splice(0));
  }
  return {
    api,
    target,
    send: transport({ baseUrl: target.baseUrl, timeoutMs: options.timeoutMs, throttle: options.throttle, fetch: connections }),
    fetch,
    close: () => connections.close(),
    auth: { schemes: api.securitySchemes, credentials: target.credentials, token },
    ...(expiredToken === undefined ? {} : { expiredToken }),
    known,
    disposables: new Disposables(api.ir),
    ...(discovery ? { discovery } : {}),
    notes,
  };
}

/** Any HTTP answer will do: the point is that something listens at the base URL. */
async function probe(baseUrl: string, timeoutMs: number): Promise<void> {
  try {
    const response = await fetch(baseUrl, { signal: AbortSignal.timeout(Math.min(timeoutMs, 10_000)) });
    await response.body?.cancel();
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    throw new TargetError(`cannot reach ${baseUrl}: ${error instanceof Error ? error.message : String(error)}${cause}`);
  }
}

export interface RestPhaseOptions {
  operations: readonly IrOperation[];
  checks: readonly Check[];
  settings: CheckSettings;
  seed: number;
  maxExamples: number;
  workers: number;
  cwd: string;
  redactor: Redactor;
  /** Where cleanup problems are told. */
  notes: string[];
  progress(line: string): void;
  replayCommand(target: string, check: string): string;
}

export async function runRestPhase(session: RestSession, options: RestPhaseOptions): Promise<TargetOutcome[]> {
  const context: RestRunContext = {
    api: session.api,
    send: session.send,
    auth: session.auth,
    ...(session.expiredToken === undefined ? {} : { expiredToken: session.expiredToken }),
    known: session.known,
    disposables: session.disposables,
    checks: options.checks,
    settings: options.settings,
    seed: options.seed,
    maxExamples: options.maxExamples,
    cwd: options.cwd,
    record: (exchange) => recordExchange(exchange, options.redactor),
    replayCommand: options.replayCommand,
  };
  const first = options.operations.filter((op) => op.method !== 'delete');
  const last = options.operations.filter((op) => op.method === 'delete');
  const total = options.operations.length;
  let done = 0;
  const run = async (op: IrOperation) => {
    const outcome = await runOperation(context, op);
    options.progress(progressLine(++done, total, outcome));
    return outcome;
  };
  const outcomes = [...(await mapLimit(first, options.workers, run)), ...(await mapLimit(last, options.workers, run))];
  // What the samples created goes before the stateful models start: they read the whole tree.
  options.notes.push(...(await deleteDisposables(session)));
  return outcomes;
}

/** Deletes what the run's samples created and is still there (through the links to DELETE operations). */
export async function deleteDisposables(session: RestSession): Promise<string[]> {
  const notes: string[] = [];
  for (const item of session.disposables.drain()) {
    const op = session.api.ir.operations.find((o) => o.id === item.operationId);
    const credentials = op && credentialsFor(op, session.auth);
    if (!op || !credentials) continue;
    const request = withCredentials({ method: op.method, path: op.path, pathParams: item.pathParams, query: {}, headers: {}, ...(item.body === undefined ? {} : { body: item.body }) }, credentials);
    const exchange = await session.send(request);
    if (exchange.error) notes.push(`cleanup: ${op.id} failed: ${exchange.error}`);
  }
  return notes;
}

/** Deletes what is left of the run's resources, then what discovery created, and closes the connections. */
export async function closeRestSession(session: RestSession): Promise<string[]> {
  const notes = await deleteDisposables(session);
  notes.push(...((await session.discovery?.cleanup()) ?? []));
  session.close();
  return notes;
}

export function recordExchange(exchange: RestExchange, redactor: Redactor): RecordedExchange {
  const request = { method: exchange.request.method.toUpperCase(), url: exchange.url, headers: sentHeaders(exchange.request), ...(exchange.request.body === undefined ? {} : { body: exchange.request.body }) };
  const { response } = exchange;
  return redactor.value({
    request,
    ...(response ? { response: { status: response.status, headers: response.headers, ...(response.body === undefined ? {} : { body: response.body }) } } : {}),
    ...(exchange.error === undefined ? {} : { error: exchange.error }),
    elapsedMs: Math.round(exchange.elapsedMs),
    curl: curlCommand(request, redactor),
  });
}
