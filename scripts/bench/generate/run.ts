/**
 * Generation benchmark on GitHub's REST spec (OpenAPI 3.0, ~1,200 operations, 13 MB of JSON,
 * from the pinned npm package @octokit/openapi, fetched into scripts/bench/.cache/ on first use):
 *
 * - specgen generating types + validators + arbitraries (`specgen generate --emitters
 *   types,validators,arbitraries --skip-examples`: GitHub's own examples contradict its schemas
 *   in several hundred places, which `specgen lint` reports as errors and which shape no code);
 * - openapi-typescript generating types;
 * - @hey-api/openapi-ts generating types + SDK (with its fetch client).
 *
 * Each runs as a child process with a timeout; wall time, CPU time and peak RSS are measured
 * (peak RSS from `/usr/bin/time -v`, or the child's own resource usage when that is missing).
 * Then specgen's time is broken down by stage (stages.ts) and its output is type-checked with
 * `tsc --noEmit`. A peer that is not installed, fails or times out is reported as such and the
 * others are still measured.
 *
 *   npm run bench:generate [-- --runs 3 --timeout 600 --skip-stages --skip-typecheck]
 *
 * Goal: specgen's full output in no more wall time than openapi-typescript's types alone
 * (ratio ≤ 1.0) and within its peak memory. The machine may be shared: CPU time is the steadier
 * measure, and with --runs N each number is the median of N rounds.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { githubSpec, OCTOKIT_OPENAPI, OCTOKIT_OPENAPI_VERSION } from './github-spec.js';
import { measureNode, memorySource, type Measurement } from './measure.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cacheDir = join(root, 'scripts/bench/.cache');
const outRoot = join(cacheDir, 'out');
const SPECGEN_EMITTERS = 'types,validators,arbitraries';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '600' },
    'skip-stages': { type: 'boolean', default: false },
    'skip-typecheck': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const timeoutMs = Number(values.timeout) * 1000;
if (!Number.isInteger(runs) || runs < 1 || !(timeoutMs > 0)) throw new Error('--runs must be a whole number ≥ 1 and --timeout a number of seconds > 0');

interface Tool {
  name: string;
  does: string;
  /** Node arguments generating into `out`, or why the tool cannot run. */
  command(spec: string, out: string): string[] | { missing: string };
}

/** The bin script of an installed npm package, or undefined. */
function packageBin(name: string, bin: string): { script: string; version: string } | undefined {
  const manifest = join(root, 'node_modules', name, 'package.json');
  if (!existsSync(manifest)) return undefined;
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string; bin: string | Record<string, string> };
  const path = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin[bin];
  return path === undefined ? undefined : { script: join(root, 'node_modules', name, path), version: pkg.version };
}

function peer(name: string, bin: string, does: string, args: (spec: string, out: string) => string[]): Tool {
  const found = packageBin(name, bin);
  return {
    name: found ? `${name} ${found.version}` : name,
    does,
    command: (spec, out) => (found ? [found.script, ...args(spec, out)] : { missing: `${name} is not installed (run npm install)` }),
  };
}

const tools: Tool[] = [
  {
    name: 'specgen',
    does: 'types + validators + arbitraries',
    command: (spec, out) => [join(root, 'bin/specgen.js'), 'generate', spec, '--out', out, '--emitters', SPECGEN_EMITTERS, '--skip-examples'],
  },
  peer('openapi-typescript', 'openapi-typescript', 'types', (spec, out) => [spec, '--output', join(out, 'schema.ts')]),
  peer('@hey-api/openapi-ts', 'openapi-ts', 'types + sdk (fetch client)', (spec, out) => [
    '--input', spec, '--output', out, '--client', '@hey-api/client-fetch', '--plugins', '@hey-api/typescript', '@hey-api/sdk', '--no-log-file', '--silent',
  ]),
];

interface Result {
  tool: Tool;
  measurements: Measurement[];
  /** Why there is no measurement, or why the last one does not count. */
  failure?: string;
  outputBytes?: number;
}

async function main(): Promise<number> {
  console.log(`Generation benchmark: node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`peak RSS from ${memorySource}; timeout ${timeoutMs / 1000} s per tool; ${runs} run(s) per tool${runs > 1 ? ' (medians)' : ''}`);
  let spec;
  try {
    spec = await githubSpec(cacheDir);
  } catch (error) {
    console.error(`cannot fetch ${OCTOKIT_OPENAPI}@${OCTOKIT_OPENAPI_VERSION} into ${relative(root, cacheDir)}: ${(error as Error).message}`);
    return 2;
  }
  console.log(
    `spec: ${OCTOKIT_OPENAPI}@${OCTOKIT_OPENAPI_VERSION} ${relative(root, spec.file)} (OpenAPI ${spec.openapi}, ` +
      `${spec.operations} operations, ${spec.schemas} component schemas, ${(spec.bytes / 1e6).toFixed(1)} MB)`,
  );
  console.log('specgen runs with --skip-examples: examples are not checked against their schemas (`specgen lint` reports GitHub\'s mismatches)');
  console.log('');

  const results: Result[] = tools.map((tool) => ({ tool, measurements: [] }));
  for (let round = 0; round < runs; round++) {
    for (const result of results) {
      if (result.failure !== undefined) continue;
      const out = join(outRoot, slug(result.tool.name));
      await rm(out, { recursive: true, force: true });
      const command = result.tool.command(spec.file, out);
      if (!Array.isArray(command)) {
        result.failure = command.missing;
        continue;
      }
      process.stdout.write(`${result.tool.name}: run ${round + 1}/${runs}… `);
      const m = await measureNode(command, { cwd: root, timeoutMs });
      console.log(m.timedOut ? 'timed out' : m.exitCode === 0 ? `${(m.wallMs / 1000).toFixed(1)} s` : `exit ${m.exitCode}`);
      if (m.timedOut || m.exitCode !== 0) {
        result.failure = m.timedOut ? `timed out after ${timeoutMs / 1000} s` : `exited with ${m.exitCode}: ${m.stderrTail || '(no stderr)'}`;
        continue;
      }
      result.measurements.push(m);
      result.outputBytes = await folderBytes(out);
    }
  }

  console.log('');
  console.log(table(results));
  for (const r of results.filter((r) => r.failure !== undefined)) {
    console.error(['', '!'.repeat(78), `!!! ${r.tool.name} FAILED: ${r.failure}`, '!!! It is left out of the comparison.', '!'.repeat(78)].join('\n'));
  }

  const [mine, openapiTypescript, heyApi] = results as [Result, Result, Result];
  console.log('');
  console.log(ratio(mine, openapiTypescript));
  console.log(ratio(mine, heyApi));
  console.log(goal(mine, openapiTypescript));

  if (mine.failure !== undefined) return 1;
  if (!values['skip-stages']) await stages(spec.file);
  if (values['skip-typecheck']) return 0;
  return (await typecheck(join(outRoot, slug(mine.tool.name)))) ? 0 : 1;
}

/** specgen's time by stage, from stages.ts in a process of its own. */
async function stages(spec: string): Promise<void> {
  console.log('');
  console.log(`specgen by stage (${SPECGEN_EMITTERS}, one process, after module loading):`);
  try {
    const script = fileURLToPath(new URL('./stages.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, spec, SPECGEN_EMITTERS], { cwd: root, timeout: timeoutMs, maxBuffer: 1 << 20 });
    process.stdout.write(stdout);
  } catch (error) {
    console.log(`  not measured: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** `tsc --noEmit` over specgen's output folder with the project's compiler options. */
async function typecheck(out: string): Promise<boolean> {
  const [specDir] = await readdir(out);
  const dir = join(out, specDir!);
  // `exclude: []`: the project's own config leaves scripts/bench/.cache out.
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ extends: relative(dir, join(root, 'tsconfig.json')), include: ['**/*.ts'], exclude: [], compilerOptions: { noEmit: true } }));
  console.log('');
  process.stdout.write(`tsc --noEmit on ${relative(root, dir)}… `);
  const m = await measureNode([join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir, timeoutMs });
  const cost = `${(m.wallMs / 1000).toFixed(1)} s, peak RSS ${mb(m.maxRssKb)}`;
  if (m.timedOut) console.log(`TIMED OUT after ${timeoutMs / 1000} s`);
  else if (m.exitCode === 0) console.log(`compiles (${cost})`);
  else console.log(`DOES NOT COMPILE (exit ${m.exitCode}, ${cost})\n${m.stderrTail}`);
  return !m.timedOut && m.exitCode === 0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Summary {
  wallMs: number;
  cpuMs: number | undefined;
  maxRssKb: number | undefined;
}

function summary(r: Result): Summary | undefined {
  if (r.failure !== undefined || r.measurements.length === 0) return undefined;
  const optional = (pick: (m: Measurement) => number | undefined): number | undefined => {
    const known = r.measurements.map(pick).filter((v): v is number => v !== undefined);
    return known.length === 0 ? undefined : median(known);
  };
  return { wallMs: median(r.measurements.map((m) => m.wallMs)), cpuMs: optional((m) => m.cpuMs), maxRssKb: optional((m) => m.maxRssKb) };
}

function mb(kb: number | undefined): string {
  return kb === undefined ? '?' : `${(kb / 1024).toFixed(0)} MB`;
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '?' : (ms / 1000).toFixed(1);
}

function table(results: Result[]): string {
  const rows = [['tool', 'generates', 'wall s', 'CPU s', 'peak RSS', 'output', 'status']];
  for (const r of results) {
    const s = summary(r);
    rows.push([
      r.tool.name,
      r.tool.does,
      seconds(s?.wallMs),
      seconds(s?.cpuMs),
      mb(s?.maxRssKb),
      r.outputBytes === undefined ? '-' : `${(r.outputBytes / 1e6).toFixed(1)} MB`,
      r.failure === undefined ? 'ok' : 'FAILED',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]): string => row.map((cell, i) => (i >= 2 && i <= 5 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function times(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined ? '?' : `${(a / b).toFixed(2)}×`;
}

function ratio(mine: Result, theirs: Result): string {
  const label = `${mine.tool.name} / ${theirs.tool.name}`;
  const a = summary(mine);
  const b = summary(theirs);
  if (!a || !b) return `${label}: not measured (${!a ? mine.tool.name : theirs.tool.name} failed)`;
  return `${label}: wall ${times(a.wallMs, b.wallMs)}, CPU ${times(a.cpuMs, b.cpuMs)}, peak RSS ${times(a.maxRssKb, b.maxRssKb)}`;
}

function goal(mine: Result, openapiTypescript: Result): string {
  const a = summary(mine);
  const b = summary(openapiTypescript);
  if (!a || !b) return 'goal (wall and peak RSS ≤ openapi-typescript\'s): not measured';
  const wall = a.wallMs <= b.wallMs;
  const rss = a.maxRssKb !== undefined && b.maxRssKb !== undefined ? a.maxRssKb <= b.maxRssKb : undefined;
  const verdict = (ok: boolean | undefined): string => (ok === undefined ? 'unknown' : ok ? 'MET' : 'MISSED');
  return `goal: specgen wall ≤ openapi-typescript wall ${verdict(wall)} (${times(a.wallMs, b.wallMs)}); peak RSS ≤ openapi-typescript's ${verdict(rss)} (${times(a.maxRssKb, b.maxRssKb)})`;
}

function slug(name: string): string {
  return name.split(' ')[0]!.replace(/[^a-z0-9-]+/gi, '-').replace(/^-+/, '');
}

async function folderBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  let total = 0;
  for (const e of entries) if (e.isFile()) total += (await stat(join(e.parentPath, e.name))).size;
  return total;
}

process.exitCode = await main();
