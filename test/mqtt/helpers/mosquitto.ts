import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export const MOSQUITTO_INSTALL_HINT =
  'Install it (Debian/Ubuntu: `sudo apt-get update && sudo apt-get install -y mosquitto`); the binary is looked for at /usr/sbin/mosquitto and on PATH.';

export interface Mosquitto {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The mosquitto binary, or an error saying how to install it. */
export async function findMosquitto(): Promise<string> {
  const candidates = ['/usr/sbin/mosquitto', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'mosquitto'))];
  for (const candidate of candidates) {
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  throw new Error(`mosquitto is not installed, and the interop test needs a real Mosquitto broker. ${MOSQUITTO_INSTALL_HINT}`);
}

/** Starts Mosquitto on a free loopback port with a temp config (anonymous access, no persistence). */
export async function startMosquitto(): Promise<Mosquitto> {
  const binary = await findMosquitto();
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'specgen-mosquitto-'));
  const config = join(dir, 'mosquitto.conf');
  await writeFile(config, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  const child = spawn(binary, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await listening(port, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `mqtt://127.0.0.1:${port}`, port, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the port accepts TCP connections; rejects if mosquitto exits or 5 s pass. */
async function listening(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}: ${output()}`);
    if (await accepts(port)) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${port} within 5 s: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
