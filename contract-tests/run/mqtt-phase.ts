/** The MQTT part of a run: connect, listen on the reply topics, run every method. */
import { connectAsync, type MqttClient } from 'mqtt';
import type { IrMethod } from '../../generator/ir/types.js';
import { TopicTemplate } from '../../generator/runtime/mqtt-topics.js';
import type { MqttApi } from '../apis/api.js';
import { ReplyCollector } from '../mqtt/collector.js';
import { runMethod, type MqttRunSettings } from '../mqtt/runner.js';
import type { TargetOutcome } from '../report/model.js';
import { mapLimit } from '../util/pool.js';
import { TargetError } from './options.js';
import { progressLine } from './progress.js';

/** Requests of one method in flight at once: enough that unanswered ones wait out their timeout together. */
const IN_FLIGHT = 128;

export async function connectMqtt(url: string, timeoutMs: number): Promise<MqttClient> {
  try {
    return await connectAsync(url, { connectTimeout: Math.min(timeoutMs, 10_000), reconnectPeriod: 0, clientId: `specgen-contract-${process.pid}-${Date.now()}` });
  } catch (error) {
    throw new TargetError(`cannot connect to the MQTT broker ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export interface MqttPhaseOptions extends MqttRunSettings {
  methods: readonly IrMethod[];
  workers: number;
  progress(line: string): void;
}

export async function runMqttPhase(client: MqttClient, api: MqttApi, options: MqttPhaseOptions): Promise<TargetOutcome[]> {
  const collectors = new Map<string, ReplyCollector>();
  for (const method of options.methods) {
    const address = method.reply.channel.address;
    if (collectors.has(address)) continue;
    const template = new TopicTemplate(address);
    await client.subscribeAsync(template.filter, { qos: method.qos.subscribe });
    collectors.set(address, new ReplyCollector(client, template));
  }
  let done = 0;
  try {
    return await mapLimit(options.methods, options.workers, async (method) => {
      const outcome = await runMethod(
        {
          api,
          collector: collectors.get(method.reply.channel.address) as ReplyCollector,
          gatewaySn: options.gatewaySn,
          checks: options.checks,
          settings: options.settings,
          seed: options.seed,
          maxExamples: options.maxExamples,
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          inFlight: IN_FLIGHT,
          cwd: options.cwd,
          replayCommand: options.replayCommand,
        },
        method,
      );
      options.progress(progressLine(++done, options.methods.length, outcome));
      return outcome;
    });
  } finally {
    for (const collector of collectors.values()) collector.close();
  }
}
