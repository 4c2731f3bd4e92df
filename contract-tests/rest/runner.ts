/**
 * The REST half of a contract run: for each operation, valid and invalid samples drawn with the
 * run's seed, sent to the target, every exchange put through the exchange checks; then the
 * operation checks (authentication, required headers) once per operation.
 */
import fc from 'fast-check';
import type { IrOperation } from '../../generator/ir/types.js';
import type { RestApi } from '../apis/api.js';
import type { Check, CheckResult, CheckSettings, RestExchange, RestExchangeContext, RestOperationContext, RestRequest, SampleInfo } from '../checks/types.js';
import { TargetRecorder, type FailureRecord, type RecordedExchange, type TargetOutcome } from '../report/model.js';
import { documentedResponse, formatLocation } from '../spec/facts.js';
import { targetSeed } from '../util/seed.js';
import { credentialsFor, withCredentials, type AuthState } from './credentials.js';
import type { Disposables } from './disposables.js';
import type { KnownValues } from './known-values.js';
import { prepareInvalid, prepareValid, type Prepared, type PrepareContext } from './prepare.js';
import type { Send } from './transport.js';

export interface RestRunContext {
  api: RestApi;
  send: Send;
  auth: AuthState;
  expiredToken?: string;
  known: KnownValues;
  disposables: Disposables;
  /** The exchange and operation checks of the run. */
  checks: readonly Check[];
  settings: CheckSettings;
  seed: number;
  maxExamples: number;
  cwd: string;
  record(exchange: RestExchange): RecordedExchange;
  replayCommand(target: string, check: string): string;
}

export async function runOperation(context: RestRunContext, op: IrOperation): Promise<TargetOutcome> {
  const recorder = new TargetRecorder('rest', op.id, formatLocation(op.location, context.cwd), op.location.pointer);
  const samples = context.api.samples[op.id];
  if (!samples) return recorder.finish('no generated arbitraries for this operation');
  const credentials = credentialsFor(op, context.auth);
  if (!credentials) return recorder.finish(`no credentials for its security (${op.security.map((s) => s.join(' + ')).join(' or ')})`);

  const seed = targetSeed(context.seed, op.id);
  const valid = fc.sample(fc.tuple(samples.valid, fc.nat()), { seed, numRuns: context.maxExamples });
  const invalid = samples.invalid ? fc.sample(fc.tuple(samples.invalid, fc.nat()), { seed: seed ^ 0x5bd1e995, numRuns: context.maxExamples }) : [];
  const prepare: PrepareContext = { api: context.api, known: context.known, disposables: context.disposables, nowSeconds: () => context.settings.now() / 1000 };
  const exchangeChecks = context.checks.filter((c) => c.scope === 'exchange');

  let base: RestRequest | undefined;
  const exercise = async (prepared: Prepared, sample: SampleInfo) => {
    if (!prepared.ok) {
      recorder.result.samples.unsendable++;
      return;
    }
    recorder.result.samples[sample.kind]++;
    const request = withCredentials(prepared.request, credentials);
    if (sample.kind === 'valid') base ??= request;
    const exchange = await context.send(request);
    recorder.answered(`${sample.kind} ${exchange.response?.status ?? 'no response'}`);
    context.disposables.collect(op, exchange);
    for (const check of exchangeChecks) {
      const checkContext: RestExchangeContext = { protocol: 'rest', scope: 'exchange', api: context.api, operation: op, exchange, sample, settings: context.settings, send: context.send };
      const result = await runSafely(check, checkContext);
      recorder.record(check.id, result, (message) => failure(context, op, check.id, message, exchange, result, sample));
    }
  };
  for (const [index, [sample, roll]] of valid.entries()) await exercise(prepareValid(prepare, op, sample, roll), { kind: 'valid', index });
  for (const [index, [sample, roll]] of invalid.entries()) {
    await exercise(prepareInvalid(prepare, op, sample, roll), { kind: 'invalid', index, violation: sample.violation });
  }

  if (base) {
    const operationBase = base;
    for (const check of context.checks.filter((c) => c.scope === 'operation')) {
      const checkContext: RestOperationContext = {
        protocol: 'rest',
        scope: 'operation',
        api: context.api,
        operation: op,
        base: operationBase,
        credentials,
        settings: context.settings,
        send: context.send,
        ...(context.expiredToken === undefined ? {} : { expiredToken: context.expiredToken }),
      };
      const result = await runSafely(check, checkContext);
      recorder.record(check.id, result, (message) => failure(context, op, check.id, message, undefined, result));
    }
  }
  return recorder.finish();
}

/** A check that throws is a failure of that check, with the error as its message. */
async function runSafely(check: Check, context: RestExchangeContext | RestOperationContext): Promise<CheckResult> {
  try {
    return await check.run(context);
  } catch (error) {
    return { status: 'fail', message: `the check itself failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function failure(
  context: RestRunContext,
  op: IrOperation,
  check: string,
  message: string,
  exchange: RestExchange | undefined,
  result: CheckResult,
  sample?: SampleInfo,
): Omit<FailureRecord, 'occurrences'> {
  const status = exchange?.response?.status;
  const response = status === undefined ? undefined : documentedResponse(op, status);
  const evidence = result.status === 'fail' && result.evidence ? result.evidence.map((e) => context.record(e)) : undefined;
  return {
    check,
    kind: 'rest',
    target: op.id,
    message,
    location: formatLocation(op.location, context.cwd),
    pointer: op.location.pointer,
    ...(response ? { response: { status: response.status, location: formatLocation(response.location, context.cwd), pointer: response.location.pointer } } : {}),
    ...(sample ? { sample } : {}),
    ...(exchange ? { http: context.record(exchange) } : {}),
    ...(evidence && evidence.length > 0 ? { evidence } : {}),
    replay: { command: context.replayCommand(op.id, check), seed: context.seed },
  };
}
