/**
 * A whole contract run: start the embedded targets when no URL is given, run the REST and MQTT
 * parts side by side, then the stateful models, clean up, and return the report.
 */
import type { MqttClient } from 'mqtt';
import type { MqttApi, RestApi } from '../apis/api.js';
import { loadDockApi } from '../apis/dji-dock.js';
import { GIZWITS_CREDENTIAL_ENV, loadGizwitsApi } from '../apis/gizwits.js';
import { selectChecks } from '../checks/registry.js';
import type { CheckSettings } from '../checks/types.js';
import { totalsOf, type RunReport, type TargetOutcome } from '../report/model.js';
import { Redactor } from '../report/redact.js';
import { Throttle } from '../rest/throttle.js';
import { dockModels } from '../stateful/dock-models.js';
import { gizwitsModels, type Prepared } from '../stateful/gizwits-models.js';
import { startEmbeddedMqtt, startEmbeddedRest, type EmbeddedMqtt, type EmbeddedRest } from '../targets/embedded.js';
import { globMatcher } from '../util/glob.js';
import { connectMqtt, runMqttPhase } from './mqtt-phase.js';
import { DEFAULT_REST_TIMEOUT_MS, TargetError, type ContractOptions } from './options.js';
import { replayCommand } from './replay.js';
import { closeRestSession, openRestSession, runRestPhase, type RestSession } from './rest-phase.js';
import { DEFAULT_SEQUENCE_TIME_LIMIT_MS, runStatefulPhase } from './stateful-phase.js';

export async function runContract(options: ContractOptions): Promise<RunReport> {
  const started = performance.now();
  const selected = selectChecks(options.checks, options.excludeChecks);
  const matches = globMatcher(options.operations);
  const embedded = options.baseUrl === undefined && options.mqttUrl === undefined;
  const wantRest = options.rest && (embedded || options.baseUrl !== undefined);
  const wantMqtt = options.mqtt && (embedded || options.mqttUrl !== undefined);
  if (wantMqtt && !embedded && !options.gatewaySn) throw new TargetError('--gateway-sn is needed with --mqtt-url: it names the topics thing/product/{gateway_sn}/…');
  const settings: CheckSettings = { maxResponseTimeMs: options.maxResponseTimeMs, timestampWindowMs: options.timestampWindowMs, now: Date.now };
  const redactor = new Redactor();
  const notes: string[] = [];
  const replay = (target: string, check: string) => replayCommand(options, target, check);
  const timeoutMs = options.timeoutMs ?? DEFAULT_REST_TIMEOUT_MS;

  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch((error: unknown) => notes.push(`shutdown: ${error instanceof Error ? error.message : String(error)}`));
  };
  try {
    const [restApi, mqttApi, restTarget, mqttTarget] = await startAll(closers, [
      wantRest ? loadGizwitsApi() : undefined,
      wantMqtt ? loadDockApi() : undefined,
      wantRest && embedded ? startEmbeddedRest(options.seed) : undefined,
      wantMqtt && embedded ? startEmbeddedMqtt(options.seed) : undefined,
    ] as const);

    let session: RestSession | undefined;
    if (restApi) {
      const baseUrl = restTarget?.url ?? (options.baseUrl as string);
      const credentials = restTarget?.credentials ?? options.credentials;
      session = await openRestSession(
        restApi,
        {
          baseUrl,
          credentials,
          credentialEnv: GIZWITS_CREDENTIAL_ENV,
          records: [...(restTarget?.records ?? []), { ...options.params }],
          ...(restTarget
            ? { expiredToken: (fetch) => restTarget.expiredToken(() => restApi.issueToken({ baseUrl, credentials, fetch, timeoutMs })) }
            : options.params.expired_token !== undefined
              ? { expiredToken: async () => options.params.expired_token }
              : {}),
        },
        { timeoutMs, throttle: new Throttle(options.rateLimit), redactor, connections: options.workers * 2 },
      );
      const opened = session;
      closers.push(async () => notes.push(...(await closeRestSession(opened))));
      notes.push(...session.notes);
    }
    let mqttClient: MqttClient | undefined;
    const gatewaySn = options.gatewaySn ?? mqttTarget?.gatewaySn ?? '';
    if (mqttApi) {
      const client = await connectMqtt(mqttTarget?.url ?? (options.mqttUrl as string), timeoutMs);
      mqttClient = client;
      closers.push(() => client.endAsync());
    }

    const common = { settings, redactor, seed: options.seed, maxExamples: options.maxExamples, workers: options.workers, cwd: options.cwd, replayCommand: replay };
    const statefulCheck = options.stateful ? selected.find((c) => c.scope === 'sequence') : undefined;
    const sequences = (prepared: Prepared | undefined) => async (): Promise<TargetOutcome[]> => {
      if (!prepared || !statefulCheck) return [];
      notes.push(...prepared.notes);
      const models = prepared.models.filter((m) => matches(m.name));
      try {
        if (models.length === 0) return [];
        options.progress(`stateful: ${models.map((m) => m.name).join(', ')}`);
        return await runStatefulPhase({ models, check: statefulCheck, seed: options.seed, numRuns: Math.max(1, Math.ceil(options.maxExamples / 5)), timeLimitMs: options.sequenceTimeLimitMs ?? DEFAULT_SEQUENCE_TIME_LIMIT_MS, cwd: options.cwd, progress: options.progress, replayCommand: replay });
      } finally {
        prepared.close?.();
      }
    };
    // REST and MQTT run side by side, each followed by its models (which need the target to themselves).
    const [restOutcomes, mqttOutcomes] = await Promise.all([
      session && restApi
        ? then(restPart(session, restApi, options, matches, selected, common, notes), sequences(statefulCheck ? gizwitsModels(session, timeoutMs) : undefined))
        : [],
      mqttClient && mqttApi
        ? then(
            mqttPart(mqttClient, mqttApi, options, matches, selected, common, gatewaySn),
            sequences(
              statefulCheck
                ? dockModels({ client: mqttClient, api: mqttApi, gatewaySn, params: { ...mqttTarget?.params, ...options.params }, timeoutMs: options.timeoutMs ?? 3000, seed: options.seed })
                : undefined,
            ),
          )
        : [],
    ]);

    await close();
    const outcomes = [...restOutcomes, ...mqttOutcomes].sort((a, b) => KIND_ORDER.indexOf(a.result.kind) - KIND_ORDER.indexOf(b.result.kind));
    const targets = outcomes.map((o) => o.result);
    const totals = totalsOf(targets);
    return {
      tool: 'specgen contract',
      seed: options.seed,
      ok: totals.failed === 0 && targets.every((t) => t.error === undefined),
      durationMs: Math.round(performance.now() - started),
      target: {
        embedded,
        ...(restApi ? { restUrl: restTarget?.url ?? options.baseUrl } : {}),
        ...(mqttApi ? { mqttUrl: mqttTarget?.url ?? options.mqttUrl, gatewaySn } : {}),
      },
      settings: {
        maxExamples: options.maxExamples,
        workers: options.workers,
        timeoutMs,
        maxResponseTimeMs: options.maxResponseTimeMs,
        ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
        ...(options.operations === undefined ? {} : { operations: options.operations }),
      },
      checks: selected.map((c) => ({ id: c.id, description: c.description, appliesTo: c.appliesTo })),
      targets,
      failures: redactor.value(outcomes.flatMap((o) => o.failures)),
      totals,
      notes: notes.map((n) => redactor.text(n)),
    };
  } catch (error) {
    await close();
    throw error;
  }
}

const KIND_ORDER = ['rest', 'mqtt', 'stateful'];

/** The outcomes of `first`, then those of `second` (started once `first` is done). */
async function then(first: Promise<TargetOutcome[]>, second: () => Promise<TargetOutcome[]>): Promise<TargetOutcome[]> {
  return [...(await first), ...(await second())];
}

type Common = Pick<ContractOptions, 'seed' | 'maxExamples' | 'workers' | 'cwd'> & { settings: CheckSettings; redactor: Redactor; replayCommand: (t: string, c: string) => string };

async function restPart(session: RestSession, api: RestApi, options: ContractOptions, matches: (n: string) => boolean, selected: ReturnType<typeof selectChecks>, common: Common, notes: string[]): Promise<TargetOutcome[]> {
  const operations = api.ir.operations.filter((op) => matches(op.id));
  if (operations.length === 0) return [];
  options.progress(`REST: ${operations.length} operation(s) at ${session.target.baseUrl}, ${options.maxExamples} valid + ${options.maxExamples} invalid examples each`);
  return runRestPhase(session, {
    ...common,
    operations,
    checks: selected.filter((c) => c.appliesTo !== 'mqtt' && c.scope !== 'sequence'),
    notes,
    progress: options.progress,
  });
}

async function mqttPart(client: MqttClient, api: MqttApi, options: ContractOptions, matches: (n: string) => boolean, selected: ReturnType<typeof selectChecks>, common: Common, gatewaySn: string): Promise<TargetOutcome[]> {
  const methods = api.ir.methods.filter((m) => matches(m.name));
  if (methods.length === 0) return [];
  options.progress(`MQTT: ${methods.length} method(s) for gateway ${gatewaySn}, ${options.maxExamples} valid + ${options.maxExamples} invalid requests each`);
  return runMqttPhase(client, api, {
    ...common,
    methods,
    gatewaySn,
    checks: selected.filter((c) => c.appliesTo !== 'rest' && c.scope === 'exchange'),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    progress: options.progress,
  });
}

/** Awaits every start; when one fails, closes those that started and rethrows. */
async function startAll<T extends readonly unknown[]>(closers: (() => Promise<unknown>)[], starts: T): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(starts);
  for (const s of settled) {
    if (s.status === 'fulfilled' && isClosable(s.value)) {
      const target = s.value;
      closers.push(() => target.close());
    }
  }
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as { [K in keyof T]: Awaited<T[K]> };
}

function isClosable(value: unknown): value is EmbeddedRest | EmbeddedMqtt {
  return typeof value === 'object' && value !== null && 'close' in value && typeof (value as { close: unknown }).close === 'function';
}
