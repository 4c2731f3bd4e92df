/** The stateful part of a run: each model's sequences against the target, as one check per model. */
import type { Check, CheckResult, SequenceContext } from '../checks/types.js';
import { TargetRecorder, type TargetOutcome } from '../report/model.js';
import { formatLocation } from '../spec/facts.js';
import { runModel, type ModelRunResult, type StatefulModel } from '../stateful/model.js';
import { mapLimit } from '../util/pool.js';
import { targetSeed } from '../util/seed.js';
import { progressLine } from './progress.js';

/** Commands per sequence: long enough for create → assign → delete chains, short enough to shrink fast. */
const MAX_COMMANDS = 10;
/** Time a model may take, shrinking included: a target that never cleans up makes every sequence slower. */
export const DEFAULT_SEQUENCE_TIME_LIMIT_MS = 15_000;

export interface StatefulPhaseOptions {
  models: readonly StatefulModel<object, unknown>[];
  check: Check;
  seed: number;
  /** Sequences per model. */
  numRuns: number;
  timeLimitMs: number;
  cwd: string;
  progress(line: string): void;
  replayCommand(target: string, check: string): string;
}

export async function runStatefulPhase(options: StatefulPhaseOptions): Promise<TargetOutcome[]> {
  let done = 0;
  return mapLimit(options.models, options.models.length, async (model) => {
    const started = performance.now();
    const recorder = new TargetRecorder('stateful', model.name, formatLocation(model.location, options.cwd), model.location.pointer);
    const seed = targetSeed(options.seed, model.name);
    let outcome: ModelRunResult | undefined;
    const context: SequenceContext = {
      protocol: model.protocol,
      scope: 'sequence',
      async runModel(): Promise<CheckResult> {
        try {
          outcome = await runModel(model, { seed, numRuns: options.numRuns, maxCommands: MAX_COMMANDS, timeLimitMs: options.timeLimitMs });
        } catch (error) {
          return { status: 'fail', message: `the sequences could not run: ${error instanceof Error ? error.message : String(error)}` };
        }
        return outcome.ok ? { status: 'pass' } : { status: 'fail', message: `${outcome.message}\n  after: ${outcome.counterexample}` };
      },
    };
    const result = await options.check.run(context);
    recorder.record(options.check.id, result, (message) => ({
      check: options.check.id,
      kind: 'stateful',
      target: model.name,
      message,
      location: recorder.result.location,
      pointer: recorder.result.pointer,
      replay: {
        command: options.replayCommand(model.name, options.check.id),
        seed: options.seed,
        ...(outcome && !outcome.ok
          ? { fastCheck: { seed: outcome.seed, path: outcome.path, counterexample: outcome.counterexample, ...(outcome.replayPath === undefined ? {} : { replayPath: outcome.replayPath }) } }
          : {}),
      },
    }));
    recorder.result.samples.valid = outcome?.runs ?? 0;
    recorder.result.durationMs = Math.round(performance.now() - started);
    const finished = { result: recorder.result, failures: recorder.failureRecords };
    options.progress(progressLine(++done, options.models.length, finished));
    return finished;
  });
}
