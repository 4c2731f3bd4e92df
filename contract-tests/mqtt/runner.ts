/**
 * The MQTT half of a contract run: for each method, valid and invalid request envelopes drawn
 * with the run's seed are published on the gateway's request topic, replies collected on the
 * reply topics, and every transaction put through the MQTT checks. After the invalid requests a
 * valid one probes that the responder still answers.
 */
import fc from 'fast-check';
import type { IrMethod } from '../../generator/ir/types.js';
import { TopicTemplate } from '../../generator/runtime/mqtt-topics.js';
import type { MqttApi } from '../apis/api.js';
import type { Check, CheckResult, CheckSettings, MqttExchangeContext, MqttTransaction, SampleInfo } from '../checks/types.js';
import { TargetRecorder, type FailureRecord, type TargetOutcome } from '../report/model.js';
import { formatLocation } from '../spec/facts.js';
import { mapLimit } from '../util/pool.js';
import { targetSeed } from '../util/seed.js';
import type { ReplyCollector } from './collector.js';

/** What the run gives every method alike. */
export interface MqttRunSettings {
  gatewaySn: string;
  checks: readonly Check[];
  settings: CheckSettings;
  seed: number;
  maxExamples: number;
  /** Wait per request; default each method's own (`x-timeout-ms`). */
  timeoutMs?: number;
  cwd: string;
  replayCommand(target: string, check: string): string;
}

export interface MqttRunContext extends MqttRunSettings {
  api: MqttApi;
  collector: ReplyCollector;
  /** Requests of one method waiting for their replies at once. */
  inFlight: number;
}

interface Sent {
  sample: SampleInfo;
  transaction: MqttTransaction;
}

export async function runMethod(context: MqttRunContext, method: IrMethod): Promise<TargetOutcome> {
  const recorder = new TargetRecorder('mqtt', method.name, formatLocation(method.location, context.cwd), method.location.pointer);
  const samples = context.api.samples[method.name];
  const validator = context.api.validators[method.name]?.request;
  if (!samples || !validator) return recorder.finish('no generated arbitraries or validators for this method');
  let topics: { request: string; reply: string };
  try {
    topics = { request: fill(method.request.channel.address, context.gatewaySn), reply: fill(method.reply.channel.address, context.gatewaySn) };
  } catch (error) {
    return recorder.finish(error instanceof Error ? error.message : String(error));
  }
  const timeoutMs = context.timeoutMs ?? method.timeoutMs;
  const exchange = (request: unknown) => context.collector.exchange(topics.request, topics.reply, request, { timeoutMs, qos: method.qos.request });

  const seed = targetSeed(context.seed, method.name);
  const valid = fc.sample(samples.valid, { seed, numRuns: context.maxExamples + 1 });
  const invalid = samples.invalid ? fc.sample(samples.invalid, { seed: seed ^ 0x5bd1e995, numRuns: context.maxExamples }) : [];
  const probe = valid.pop();

  const sent: Sent[] = [];
  const send = async (message: unknown, sample: SampleInfo, shouldBeValid: boolean) => {
    const wire = JSON.parse(JSON.stringify(message) ?? 'null') as unknown;
    if (validator(wire) !== shouldBeValid) {
      recorder.result.samples.unsendable++;
      return;
    }
    recorder.result.samples[sample.kind]++;
    sent.push({ sample, transaction: await exchange(wire) });
  };
  await mapLimit(valid, context.inFlight, (message, index) => send(message, { kind: 'valid', index }, true));
  await mapLimit(invalid, context.inFlight, (bad, index) => send(bad.message, { kind: 'invalid', index, violation: bad.violation }, false));
  const responderAlive = invalid.length === 0 || probe === undefined ? undefined : (await exchange(probe)).reply !== undefined;

  for (const { sample, transaction } of sent) {
    recorder.answered(`${sample.kind} ${answerOf(transaction)}`);
    for (const check of context.checks) {
      const checkContext: MqttExchangeContext = {
        protocol: 'mqtt',
        scope: 'exchange',
        api: context.api,
        method,
        transaction,
        sample,
        settings: context.settings,
        ...(sample.kind === 'invalid' && responderAlive !== undefined ? { responderAlive } : {}),
      };
      const result = await runSafely(check, checkContext);
      recorder.record(check.id, result, (message) => failure(context, method, check.id, message, transaction, sample));
    }
  }
  return recorder.finish();
}

function answerOf(transaction: MqttTransaction): string {
  const payload = transaction.reply?.payload;
  if (payload === undefined) return 'no reply';
  const data = typeof payload === 'object' && payload !== null ? (payload as { data?: { result?: unknown } }).data : undefined;
  return `result ${String(data?.result)}`;
}

function fill(address: string, gatewaySn: string): string {
  const template = new TopicTemplate(address);
  const unknown = template.params.filter((p) => p !== 'gateway_sn');
  if (unknown.length > 0) throw new Error(`topic ${address} has parameters the run cannot fill: ${unknown.join(', ')}`);
  return template.fill({ gateway_sn: gatewaySn });
}

async function runSafely(check: Check, context: MqttExchangeContext): Promise<CheckResult> {
  try {
    return await check.run(context);
  } catch (error) {
    return { status: 'fail', message: `the check itself failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function failure(context: MqttRunContext, method: IrMethod, check: string, message: string, transaction: MqttTransaction, sample: SampleInfo): Omit<FailureRecord, 'occurrences'> {
  const location = transaction.reply ? method.reply.location : method.request.location;
  return {
    check,
    kind: 'mqtt',
    target: method.name,
    message,
    location: formatLocation(location, context.cwd),
    pointer: location.pointer,
    sample,
    mqtt: {
      topic: transaction.requestTopic,
      payload: transaction.request,
      replyTopic: transaction.replyTopic,
      ...(transaction.reply ? { reply: { topic: transaction.reply.topic, payload: transaction.reply.payload } } : {}),
      nearMisses: transaction.nearMisses.map((m) => ({ topic: m.topic, payload: m.payload })),
    },
    replay: { command: context.replayCommand(method.name, check), seed: context.seed },
  };
}
