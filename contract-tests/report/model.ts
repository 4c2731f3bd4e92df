/**
 * What a contract run found, as plain data: per target (a REST operation, an MQTT method or a
 * stateful model) and per check, how many evaluations passed, failed or did not apply, and the
 * first failure of each (target, check) in full, with what it takes to replay it.
 */
import type { CheckResult, SampleInfo } from '../checks/types.js';

export type TargetKind = 'rest' | 'mqtt' | 'stateful';

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

export interface TargetResult {
  kind: TargetKind;
  /** Operation id, method name or model name. */
  id: string;
  /** `file:line:col` of the operation, method or model's first operation in the spec. */
  location: string;
  pointer: string;
  samples: { valid: number; invalid: number; unsendable: number };
  /** How the target answered: HTTP statuses (`valid 200`, `invalid 400`, …) or MQTT results (`valid result 0`, `invalid no reply`, …). */
  answers: Record<string, number>;
  checks: Record<string, Tally>;
  durationMs: number;
  /** The target could not be exercised at all (e.g. its fixtures could not be created). */
  error?: string;
}

export interface RecordedHttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface RecordedHttpResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface RecordedExchange {
  request: RecordedHttpRequest;
  response?: RecordedHttpResponse;
  error?: string;
  elapsedMs: number;
  curl: string;
}

export interface RecordedMqtt {
  topic: string;
  payload: unknown;
  replyTopic: string;
  reply?: { topic: string; payload: unknown };
  /** Replies that matched only the tid or only the bid. */
  nearMisses: { topic: string; payload: unknown }[];
}

export interface FailureRecord {
  check: string;
  kind: TargetKind;
  target: string;
  message: string;
  /** The operation, method or model in the spec. */
  location: string;
  pointer: string;
  /** The documented response the answer fell under, when there is one. */
  response?: { status: string; location: string; pointer: string };
  /** How often this check failed for this target in the run. */
  occurrences: number;
  sample?: SampleInfo;
  http?: RecordedExchange;
  /** Follow-up requests a check sent (e.g. the GET after a DELETE). */
  evidence?: RecordedExchange[];
  mqtt?: RecordedMqtt;
  replay: {
    /** `specgen contract …` re-running this target and check with the run's seed. */
    command: string;
    seed: number;
    /** fast-check's replay parameters of a stateful failure. */
    fastCheck?: { seed: number; path: string; replayPath?: string; counterexample: string };
  };
}

export interface RunReport {
  tool: 'specgen contract';
  seed: number;
  ok: boolean;
  durationMs: number;
  target: { restUrl?: string; mqttUrl?: string; gatewaySn?: string; embedded: boolean };
  settings: { maxExamples: number; workers: number; timeoutMs: number; maxResponseTimeMs: number; rateLimit?: number; operations?: string };
  checks: { id: string; description: string; appliesTo: string }[];
  targets: TargetResult[];
  failures: FailureRecord[];
  totals: Tally;
  /** Problems that are not check failures (a fixture that could not be created, cleanup errors). */
  notes: string[];
}

/** One target's result and its recorded failures. */
export interface TargetOutcome {
  result: TargetResult;
  failures: FailureRecord[];
}

export function emptyTally(): Tally {
  return { passed: 0, failed: 0, skipped: 0 };
}

/** Counts results and keeps the first failure of each (target, check) in full; timed from its creation. */
export class TargetRecorder {
  readonly result: TargetResult;
  private readonly failures = new Map<string, FailureRecord>();
  private readonly started = performance.now();

  constructor(kind: TargetKind, id: string, location: string, pointer: string) {
    this.result = { kind, id, location, pointer, samples: { valid: 0, invalid: 0, unsendable: 0 }, answers: {}, checks: {}, durationMs: 0 };
  }

  /** Counts one result; `describe` builds the failure record only for the first failure of the check. */
  record(check: string, result: CheckResult, describe: (message: string) => Omit<FailureRecord, 'occurrences'>): void {
    const tally = (this.result.checks[check] ??= emptyTally());
    if (result.status === 'pass') tally.passed++;
    else if (result.status === 'skip') tally.skipped++;
    else {
      tally.failed++;
      const known = this.failures.get(check);
      if (known) known.occurrences++;
      else this.failures.set(check, { ...describe(result.message), occurrences: 1 });
    }
  }

  answered(answer: string): void {
    this.result.answers[answer] = (this.result.answers[answer] ?? 0) + 1;
  }

  get failureRecords(): FailureRecord[] {
    return [...this.failures.values()];
  }

  /** The target's outcome, with its duration so far and `error` when the target could not run. */
  finish(error?: string): TargetOutcome {
    this.result.durationMs = Math.round(performance.now() - this.started);
    if (error !== undefined) this.result.error = error;
    return { result: this.result, failures: this.failureRecords };
  }
}

export function totalsOf(targets: readonly TargetResult[]): Tally {
  const total = emptyTally();
  for (const t of targets) {
    for (const tally of Object.values(t.checks)) {
      total.passed += tally.passed;
      total.failed += tally.failed;
      total.skipped += tally.skipped;
    }
  }
  return total;
}
