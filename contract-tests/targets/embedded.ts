/**
 * The embedded targets of a run without URLs: the stateful Gizwits mock on a free port (in a
 * worker thread), an aedes broker and the dock cloud mock on it. The mock's clock is the run's to
 * move, which is how a token that has really expired is obtained: issued "eight days ago", then
 * the clock is put back.
 */
import { Worker } from 'node:worker_threads';
import { startBroker } from '../mock/mqtt-broker.js';
import { DEMO, startDockCloudMock } from '../mock/dock-cloud/index.js';
import type { Credentials, TokenGrant } from '../apis/api.js';
import type { ThreadMessage, ThreadRequest } from './gizwits-thread.js';

/** Far above any run's request count: the embedded mock must not refuse a run for quota. */
const EMBEDDED_QUOTA = 10_000_000;
const EIGHT_DAYS_MS = 8 * 24 * 3600 * 1000;

export interface EmbeddedRest {
  url: string;
  credentials: Credentials;
  /** Identifier values the API cannot discover by itself (a user and its app). */
  records: Record<string, string>[];
  /** A token the mock issued and that has expired, obtained through `issue`. */
  expiredToken(issue: () => Promise<TokenGrant>): Promise<string>;
  close(): Promise<void>;
}

export interface EmbeddedMqtt {
  url: string;
  gatewaySn: string;
  /** The demo organization and its binding code. */
  params: Record<string, string>;
  close(): Promise<void>;
}

export async function startEmbeddedRest(seed: number): Promise<EmbeddedRest> {
  const worker = startThread(new URL('./gizwits-thread.ts', import.meta.url), { seed, quotaPerHour: EMBEDDED_QUOTA });
  const ready = await next(worker, 'ready');
  if (ready.type !== 'ready') throw new Error('the embedded Gizwits mock did not start');
  const ask = async (request: ThreadRequest, reply: ThreadMessage['type']) => {
    worker.postMessage(request);
    await next(worker, reply);
  };
  let closing: Promise<void> | undefined;
  return {
    url: ready.url,
    credentials: ready.credentials,
    records: ready.records,
    async expiredToken(issue) {
      await ask({ type: 'shift', ms: -EIGHT_DAYS_MS }, 'shifted');
      try {
        return (await issue()).token;
      } finally {
        await ask({ type: 'shift', ms: 0 }, 'shifted');
      }
    },
    close: () =>
      (closing ??= (async () => {
        await ask({ type: 'close' }, 'closed');
        await worker.terminate();
      })()),
  };
}

/** A worker running a TypeScript module: the thread registers tsx before importing it. */
function startThread(module: URL, workerData: unknown): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/** The worker's next message of `type`; a worker error or exit rejects. */
async function next(worker: Worker, type: ThreadMessage['type']): Promise<ThreadMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ThreadMessage) => {
      if (message.type !== type) return;
      cleanup();
      resolve(message);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`the embedded Gizwits mock's thread exited (${code})`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

export async function startEmbeddedMqtt(seed: number): Promise<EmbeddedMqtt> {
  const broker = await startBroker({ port: 0 });
  try {
    const cloud = await startDockCloudMock({ brokerUrl: broker.url, seed });
    return {
      url: broker.url,
      gatewaySn: DEMO.gatewaySn,
      params: { organization_id: DEMO.organizationId, device_binding_code: DEMO.bindingCode, gateway_model_key: DEMO.gatewayModelKey },
      async close() {
        await cloud.close();
        await broker.close();
      },
    };
  } catch (error) {
    await broker.close();
    throw error;
  }
}

