/**
 * REST mock benchmark: requests per second and p99 latency of the specgen Gizwits mock (request
 * and response validation on), of Prism mocking the same spec, and of a bare node:http server and
 * a bare fastify server answering a fixed JSON body (fastify's floor is why the generated stub is
 * node:http with a generated router). Each target runs in a process of its own and gets the same request
 * (GET device details with a valid token), the same connections and the same duration, after a
 * short warm-up, on loopback. The duration is cut into one-second slices taken round-robin over
 * the targets, so load from other processes on the machine falls on all of them alike; the
 * server's CPU time per request (from /proc) is shown too, as the steadier measure of cost.
 *
 *   npm run bench:mock [-- --seconds 5 --connections 10]
 *
 * Goals: the mock serves at least 5× Prism's requests per second and at least half the bare
 * server's. When Prism cannot be installed or started, the bench says so and measures the others.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type RawResult, type Result } from 'autocannon';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const spec = fileURLToPath(new URL('../../../specs/gizwits-enterprise.openapi.yaml', import.meta.url));
const prismBin = fileURLToPath(new URL('../../../node_modules/.bin/prism', import.meta.url));
const GOAL_VS_PRISM = 5;
const GOAL_VS_BARE = 0.5;
const WARMUP_SECONDS = 1;
const START_TIMEOUT_MS = 60_000;
/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const CLOCK_TICKS = 100;

interface Target {
  name: string;
  url: string;
  /** The serving process, whose CPU time is read from /proc. */
  pid: number | undefined;
  stop(): Promise<void>;
}

interface Measured {
  name: string;
  result?: Result;
  /** Server CPU time per answered request (user + system), when /proc tells it. */
  cpuMicros?: number;
  /** Why the target was not measured. */
  missing?: string;
}

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '10' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);
if (!(seconds > 0) || !Number.isInteger(connections) || connections < 1) throw new Error('--seconds must be > 0 and --connections a whole number ≥ 1');

const children: ChildProcess[] = [];
process.once('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

/** Runs a TypeScript target in its own process and resolves to the JSON line it prints when ready. */
async function tsTarget(file: string, args: string[] = []): Promise<{ info: Record<string, unknown>; pid: number | undefined; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url)), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0]!;
      if (out.includes('\n')) resolve(JSON.parse(line) as Record<string, unknown>);
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return { info, pid: child.pid, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Prism as a child process, with logging down to errors; ready once it answers the measured request. */
async function startPrism(path: string, headers: Record<string, string>): Promise<Target> {
  if (!existsSync(prismBin)) throw new Error(`${prismBin} not found: install @stoplight/prism-cli (npm install)`);
  const port = await freePort();
  const child = spawn(prismBin, ['mock', '-h', '127.0.0.1', '-p', String(port), '-v', 'error', spec], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prism exited with ${child.exitCode}: ${stderr.trim().slice(0, 500)}`);
    const answer = await fetch(url + path, { headers }).catch(() => undefined);
    if (answer?.ok) return { name: 'Prism mock', url, pid: child.pid, stop: () => stopChild(child) };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stopChild(child);
  throw new Error(`prism did not answer within ${START_TIMEOUT_MS / 1000} s: ${stderr.trim().slice(0, 500)}`);
}

/**
 * CPU seconds (user + system, all threads) the process has used, from /proc/<pid>/stat; undefined
 * where there is no /proc. On a shared machine this tells the cost of a request better than req/s.
 */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** What a target has accumulated over its slices. */
interface Tally {
  target: Target;
  slices: RawResult[];
  seconds: number;
  cpuSeconds: number | undefined;
}

/** One slice of load on a target, added to its tally. */
async function slice(tally: Tally, path: string, headers: Record<string, string>, duration: number): Promise<void> {
  const cpuBefore = cpuSeconds(tally.target.pid);
  const started = performance.now();
  tally.slices.push(await autocannon({ url: tally.target.url + path, headers, connections, pipelining: 1, duration, skipAggregateResult: true }));
  tally.seconds += (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds(tally.target.pid);
  tally.cpuSeconds = cpuBefore === undefined || cpuAfter === undefined || tally.cpuSeconds === undefined ? undefined : tally.cpuSeconds + cpuAfter - cpuBefore;
}

function summarise(tally: Tally): Measured {
  const result = autocannon.aggregateResult(tally.slices, { url: tally.target.url, connections, pipelining: 1 });
  const answered = tally.slices.reduce((sum, r) => sum + r.totalCompletedRequests, 0);
  result.requests.total = answered;
  result.requests.average = answered / tally.seconds;
  return {
    name: tally.target.name,
    result,
    ...(tally.cpuSeconds !== undefined && answered > 0 && { cpuMicros: (tally.cpuSeconds * 1e6) / answered }),
  };
}

function table(rows: Measured[]): string {
  const header = ['target', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors', 'server CPU µs/req'];
  const cells = rows.flatMap(({ name, result: r, cpuMicros }) =>
    r
      ? [[name, r.requests.average.toFixed(0), r.latency.p50.toFixed(2), r.latency.p99.toFixed(2), String(r.requests.total), String(r.non2xx), String(r.errors), cpuMicros?.toFixed(0) ?? 'n/a']]
      : [],
  );
  const widths = header.map((_, i) => Math.max(...[header, ...cells].map((l) => l[i]!.length)));
  const line = (l: string[]) => l.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const missing = rows.filter((r) => !r.result).map((r) => `${r.name.padEnd(widths[0]!)}  not measured: ${r.missing}`);
  return [line(header), ...cells.map(line), ...missing].join('\n');
}

/** `mine / theirs` in requests per second, and in CPU time per request where known; against `goal` when there is one. */
function ratio(label: string, mine: Measured | undefined, theirs: Measured | undefined, goal?: number): string {
  if (!mine?.result || !theirs?.result) return `${label}: not measured`;
  const verdict = (value: number) => (goal === undefined ? '' : value >= goal ? ' MET' : ' MISSED');
  const value = mine.result.requests.average / theirs.result.requests.average;
  const cpu = mine.cpuMicros !== undefined && theirs.cpuMicros !== undefined ? theirs.cpuMicros / mine.cpuMicros : undefined;
  const byCpu = cpu === undefined ? '' : `; by server CPU per request ${cpu.toFixed(2)}×${verdict(cpu)}`;
  return `${label}: ${value.toFixed(2)}× req/s${goal === undefined ? '' : ` (goal ≥ ${goal}×)`}${verdict(value)}${byCpu}`;
}

/** Server CPU per request above the bare server's: what a target adds to answering at all. */
function overhead(label: string, target: Measured | undefined, baseline: Measured | undefined): string {
  if (target?.cpuMicros === undefined || baseline?.cpuMicros === undefined) return `${label}: not measured`;
  return `${label}: +${(target.cpuMicros - baseline.cpuMicros).toFixed(0)} µs of server CPU per request over bare node:http`;
}

async function main(): Promise<void> {
  console.log(`REST mock benchmark: ${connections} connections, ${seconds} s per target after ${WARMUP_SECONDS} s warm-up, loopback, node ${process.version}`);

  const specgen = await tsTarget('./serve-specgen.ts');
  const path = String(specgen.info.path);
  const headers = specgen.info.headers as Record<string, string>;
  const sample = await fetch(String(specgen.info.url) + path, { headers });
  const body = await sample.text();
  if (!sample.ok) throw new Error(`the measured request fails on the specgen mock: ${sample.status} ${body}`);
  console.log(`request: GET ${path.replace(/\/products\/[^/]+/, '/products/<pk>')} with Authorization: token <token> (${body.length} byte answer)`);
  const targets: Target[] = [{ name: 'specgen mock', url: String(specgen.info.url), pid: specgen.pid, stop: specgen.stop }];

  let prismMissing: string | undefined;
  try {
    targets.push(await startPrism(path, headers));
  } catch (error) {
    prismMissing = error instanceof Error ? error.message : String(error);
    console.error(['', '!'.repeat(78), `!!! PRISM UNAVAILABLE: ${prismMissing}`, '!!! The Prism comparison is missing from this run; the other targets are measured.', '!'.repeat(78), ''].join('\n'));
  }

  const bare = await tsTarget('./serve-bare.ts', [body]);
  targets.push({ name: 'bare node:http', url: String(bare.info.url), pid: bare.pid, stop: bare.stop });
  const fastify = await tsTarget('./serve-fastify.ts', [body]);
  targets.push({ name: 'bare fastify', url: String(fastify.info.url), pid: fastify.pid, stop: fastify.stop });

  const tallies = targets.map((target): Tally => ({ target, slices: [], seconds: 0, cpuSeconds: 0 }));
  try {
    for (const t of tallies) await autocannon({ url: t.target.url + path, headers, connections, duration: WARMUP_SECONDS });
    const sliceSeconds = Math.min(1, seconds);
    for (let done = 0; done < seconds; done += sliceSeconds) {
      for (const t of tallies) await slice(t, path, headers, Math.min(sliceSeconds, seconds - done));
    }
  } finally {
    await Promise.all(targets.map((t) => t.stop()));
  }
  const rows = tallies.map(summarise);
  if (prismMissing !== undefined) rows.splice(1, 0, { name: 'Prism mock', missing: 'unavailable (see above)' });

  console.log('');
  console.log(table(rows));
  const [mine, prism, baseline, fastifyFloor] = rows;
  console.log('');
  console.log(ratio('specgen mock / Prism', mine, prism, GOAL_VS_PRISM));
  console.log(ratio('specgen mock / bare node:http', mine, baseline, GOAL_VS_BARE));
  // Why the stub is node:http with a generated router: what fastify costs before doing any work.
  console.log(ratio('bare fastify / bare node:http', fastifyFloor, baseline));
  console.log(overhead('framework + validation + state of the specgen mock', mine, baseline));
  console.log(overhead('framework alone of fastify', fastifyFloor, baseline));
  for (const row of rows) {
    if (row.result && (row.result.non2xx > 0 || row.result.errors > 0)) console.error(`warning: ${row.name} answered ${row.result.non2xx} non-2xx and had ${row.result.errors} errors`);
  }
}

await main();
