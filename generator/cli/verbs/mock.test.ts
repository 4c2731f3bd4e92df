import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { connectAsync } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import type { Io } from '../verb.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function captureIo(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), cwd: root };
}

const children: ChildProcess[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** Starts `specgen mock` and resolves once it has printed its banner. */
function startCli(args: string[]): Promise<{ child: ChildProcess; banner: string }> {
  const child = spawn(process.execPath, ['bin/specgen.js', 'mock', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Press Ctrl-C to stop.')) resolve({ child, banner: out });
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`specgen mock exited with ${code}: ${err}${out}`)));
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('specgen mock', () => {
  it('serves REST and MQTT with the printed credentials, and stops on SIGINT with exit 0', async () => {
    const { child, banner } = await startCli(['--seed', '5', '--quota', '50']);
    const field = (name: string) => new RegExp(`${name}\\s+(\\S+)`).exec(banner)![1]!;
    const restUrl = /REST mock\s+(http:\/\/\S+)/.exec(banner)![1]!;
    const mqttUrl = /MQTT broker\s+(mqtt:\/\/\S+)/.exec(banner)![1]!;

    const token = await fetch(`${restUrl}/v1/products/${field('product_key')}/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enterprise_id: field('enterprise_id'), enterprise_secret: field('enterprise_secret'), product_secret: field('product_secret') }),
    });
    expect(token.status).toBe(201);
    expect(token.headers.get('x-ratelimit-limit')).toBe('50');

    const sn = field('gateway_sn');
    const client = await connectAsync(mqttUrl, { reconnectPeriod: 0 });
    try {
      await client.subscribeAsync(`thing/product/${sn}/requests_reply`);
      const reply = new Promise<{ tid: string; data: { result: number } }>((resolve) => client.once('message', (_t, payload) => resolve(JSON.parse(payload.toString()))));
      const tid = randomUUID();
      await client.publishAsync(
        `thing/product/${sn}/requests`,
        JSON.stringify({ tid, bid: randomUUID(), timestamp: Date.now(), method: 'airport_bind_status', data: { devices: [{ sn }] } }),
      );
      expect(await reply).toMatchObject({ tid, data: { result: 0 } });
    } finally {
      await client.endAsync();
    }

    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
  });

  it('exits 2 on a port in use and on conflicting or malformed options', async () => {
    const busy = createServer();
    servers.push(busy);
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = String((busy.address() as { port: number }).port);

    const inUse = captureIo();
    expect(await main(['mock', '--port', port], inUse)).toBe(2);
    expect(inUse.errors.join('\n')).toContain(`port ${port} is already in use`);

    for (const args of [['--mqtt-port', '1884', '--mqtt-url', 'mqtt://127.0.0.1:1884'], ['--mqtt-url', 'http://x'], ['--quota', '0'], ['--port', 'x']]) {
      const io = captureIo();
      expect(await main(['mock', ...args], io), args.join(' ')).toBe(2);
      expect(io.errors.join('\n')).toContain('Usage: specgen mock');
    }
  });

  it('exits 2 when the external broker does not answer', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const io = captureIo();
    expect(await main(['mock', '--mqtt-url', `mqtt://127.0.0.1:${port}`], io)).toBe(2);
    expect(io.errors.join('\n')).toContain('cannot connect to the MQTT broker');
  });
});
