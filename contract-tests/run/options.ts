/** What a contract run is told to do, and the errors that stop it before it starts (exit 2). */
import type { Credentials } from '../apis/api.js';

export interface ContractOptions {
  /** REST target; embedded mock when neither URL is given. */
  baseUrl?: string;
  mqttUrl?: string;
  gatewaySn?: string;
  credentials: Credentials;
  /** Known values of identifiers and fixtures (`--param name=value`). */
  params: Readonly<Record<string, string>>;
  checks: readonly string[];
  excludeChecks: readonly string[];
  /** Comma-separated globs over operation ids, method names and model names. */
  operations?: string;
  maxExamples: number;
  seed: number;
  workers: number;
  /** Requests per second over the whole run. */
  rateLimit?: number;
  /** REST request timeout and MQTT reply wait; default 10 000 ms and each method's own. */
  timeoutMs?: number;
  maxResponseTimeMs: number;
  timestampWindowMs: number;
  rest: boolean;
  mqtt: boolean;
  stateful: boolean;
  /** Time each stateful model may take, shrinking included (default 15 s). */
  sequenceTimeLimitMs?: number;
  cwd: string;
  /** One line per target while running (stderr). */
  progress(line: string): void;
}

/** The run cannot start: a target is unreachable, credentials are missing or refused. */
export class TargetError extends Error {
  override readonly name = 'TargetError';
}

export const DEFAULT_REST_TIMEOUT_MS = 10_000;
