/**
 * Model-based sequences (fast-check `commands`): random command lists run against the target
 * while a small model of the spec predicts every answer. A failure shrinks to a minimal list and
 * comes back with the counterexample and fast-check's replay parameters (seed, path, replayPath).
 */
import fc from 'fast-check';
import type { IrLocation } from '../../generator/ir/types.js';

export interface StatefulModel<M extends object, R> {
  /** e.g. `device_groups` */
  name: string;
  protocol: 'rest' | 'mqtt';
  /** Where the model's operations are in the spec (its first operation). */
  location: IrLocation;
  commands: fc.Arbitrary<fc.AsyncCommand<M, R>>[];
  /** Reads the target's state into a fresh model. */
  setup(): Promise<{ model: M; real: R }>;
  /** After the commands: the target's whole state must be the model's (throws a ModelMismatch otherwise). */
  verify(model: M, real: R): Promise<void>;
  /** Puts the target back as `setup` found it, as far as the API allows. */
  teardown(model: M, real: R): Promise<void>;
}

export interface ModelRunOptions {
  seed: number;
  numRuns: number;
  maxCommands: number;
  /** Stop shrinking after this long and report the smallest failure found so far. */
  timeLimitMs: number;
  /** Replay of an earlier failure. */
  path?: string;
  replayPath?: string;
}

export type ModelRunResult =
  | { ok: true; runs: number }
  | { ok: false; runs: number; message: string; counterexample: string; seed: number; path: string; replayPath?: string };

export async function runModel<M extends object, R>(model: StatefulModel<M, R>, options: ModelRunOptions): Promise<ModelRunResult> {
  const commands = fc.commands(model.commands, { maxCommands: options.maxCommands, ...(options.replayPath ? { replayPath: options.replayPath } : {}) });
  const property = fc.asyncProperty(commands, async (cmds) => {
    const state = await model.setup();
    try {
      await fc.asyncModelRun(() => state, cmds);
      await model.verify(state.model, state.real);
    } finally {
      await model.teardown(state.model, state.real);
    }
  });
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.numRuns,
    plugins: [fc.interruptAfterTimeLimit(options.timeLimitMs)],
    ...(options.path ? { path: options.path, endOnFailure: true } : {}),
  });
  if (!details.failed) return { ok: true, runs: details.numRuns };
  const counterexample = details.counterexample ? String((details.counterexample as unknown[])[0]) : '(none)';
  const replayPath = /replayPath="([^"]*)"/.exec(counterexample)?.[1];
  const error = details.errorInstance;
  return {
    ok: false,
    runs: details.numRuns,
    message: error instanceof Error ? error.message : String(error),
    counterexample: counterexample.replace(/\s*\/\*replayPath=.*\*\/\s*$/, ''),
    seed: details.seed,
    path: details.counterexamplePath ?? '',
    ...(replayPath === undefined ? {} : { replayPath }),
  };
}

/** Thrown by a command when the target's answer is not the model's. */
export class ModelMismatch extends Error {
  override readonly name = 'ModelMismatch';
}

export function expectThat(condition: boolean, message: () => string): void {
  if (!condition) throw new ModelMismatch(message());
}
