/** The `specgen contract` command line that repeats one target and check of a run. */
import type { ContractOptions } from './options.js';

export function replayCommand(options: ContractOptions, target: string, check: string): string {
  const args = ['specgen contract', `--seed ${options.seed}`];
  if (options.baseUrl) args.push(`--base-url ${options.baseUrl}`);
  if (options.mqttUrl) args.push(`--mqtt-url ${options.mqttUrl}`);
  if (options.gatewaySn && options.mqttUrl) args.push(`--gateway-sn ${options.gatewaySn}`);
  args.push(`--operations ${target}`, `--checks ${check}`, `--max-examples ${options.maxExamples}`);
  if (options.timeoutMs !== undefined) args.push(`--timeout ${options.timeoutMs}`);
  return args.join(' ');
}
