/**
 * The embedded Gizwits mock in a worker thread, so the mock's work and the runner's run on two
 * cores. The parent starts it with `workerData` = { seed, quotaPerHour }, and can move its clock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startGizwitsMock } from '../mock/gizwits/index.js';

export type ThreadRequest = { type: 'shift'; ms: number } | { type: 'close' };
export type ThreadMessage =
  | { type: 'ready'; url: string; credentials: Record<string, string>; records: Record<string, string>[] }
  | { type: 'shifted' }
  | { type: 'closed' };

const port = parentPort;
if (port) {
  const { seed, quotaPerHour } = workerData as { seed: number; quotaPerHour: number };
  let shiftMs = 0;
  const mock = await startGizwitsMock({ seed, quotaPerHour, now: () => Date.now() + shiftMs });
  const post = (message: ThreadMessage) => port.postMessage(message);
  port.on('message', (request: ThreadRequest) => {
    if (request.type === 'shift') {
      shiftMs = request.ms;
      post({ type: 'shifted' });
    } else {
      void mock.close().then(() => post({ type: 'closed' }));
    }
  });
  post({
    type: 'ready',
    url: mock.url,
    credentials: { ...mock.credentials },
    records: mock.state.world.users.slice(0, 3).map((u) => ({ uid: u.uid, appid: u.appid })),
  });
}
