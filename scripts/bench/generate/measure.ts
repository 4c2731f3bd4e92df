import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What one bounded run of a command cost. */
export interface Measurement {
  /** Wall time, milliseconds. */
  wallMs: number;
  /** User + system CPU time, milliseconds (undefined when nothing reported it). */
  cpuMs: number | undefined;
  /** Peak resident set size, kilobytes (undefined when nothing reported it). */
  maxRssKb: number | undefined;
  /** Exit code; null when killed. */
  exitCode: number | null;
  timedOut: boolean;
  /** The last lines the command wrote to stderr, for a failure report. */
  stderrTail: string;
}

const GNU_TIME = '/usr/bin/time';
const RUSAGE_REPORTER = fileURLToPath(new URL('./rusage-report.mjs', import.meta.url));

/** How peak memory is read: GNU time (Debian package `time`) around the process, or the process's own resource usage. */
export const memorySource = existsSync(GNU_TIME) ? '/usr/bin/time -v' : 'process.resourceUsage() of the child';

/**
 * Runs `node <args>` in its own process group, killed (group and all) after `timeoutMs`. Peak RSS
 * and CPU time come from `/usr/bin/time -v` when it exists, otherwise from a preloaded module that
 * writes the Node process's own `process.resourceUsage()` when it exits.
 */
export async function measureNode(args: readonly string[], options: { cwd: string; timeoutMs: number }): Promise<Measurement> {
  const dir = await mkdtemp(join(tmpdir(), 'specgen-bench-generate-'));
  const report = join(dir, 'usage.txt');
  const gnuTime = existsSync(GNU_TIME);
  const [command, commandArgs] = gnuTime
    ? [GNU_TIME, ['-v', '-o', report, process.execPath, ...args]]
    : [process.execPath, ['--import', RUSAGE_REPORTER, ...args]];
  try {
    const started = process.hrtime.bigint();
    const { exitCode, timedOut, stderrTail } = await runBounded(command, commandArgs, options, gnuTime ? {} : { SPECGEN_BENCH_RUSAGE: report });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const usage = await readFile(report, 'utf8').catch(() => '');
    return { wallMs, ...(gnuTime ? fromGnuTime(usage) : fromReporter(usage)), exitCode, timedOut, stderrTail };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runBounded(
  command: string,
  args: readonly string[],
  { cwd, timeoutMs }: { cwd: string; timeoutMs: number },
  env: Record<string, string>,
): Promise<{ exitCode: number | null; timedOut: boolean; stderrTail: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-20_000);
    });
    let timedOut = false;
    const killGroup = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    // A bench interrupted with Ctrl-C must not leave a generator running.
    process.once('exit', killGroup);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      process.off('exit', killGroup);
      resolve({ exitCode: code, timedOut, stderrTail: stderr.trim().split('\n').slice(-8).join('\n') });
    });
  });
}

/** Parses GNU time's `-v` report: elapsed, user and system time, maximum resident set size. */
function fromGnuTime(text: string): Pick<Measurement, 'cpuMs' | 'maxRssKb'> {
  const number = (label: string): number | undefined => {
    const match = new RegExp(`${label}:\\s*([0-9.]+)`).exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const user = number('User time \\(seconds\\)');
  const system = number('System time \\(seconds\\)');
  return {
    cpuMs: user === undefined || system === undefined ? undefined : (user + system) * 1000,
    maxRssKb: number('Maximum resident set size \\(kbytes\\)'),
  };
}

/** Parses what `rusage-report.mjs` wrote: JSON of `process.resourceUsage()`. */
function fromReporter(text: string): Pick<Measurement, 'cpuMs' | 'maxRssKb'> {
  if (text === '') return { cpuMs: undefined, maxRssKb: undefined };
  const usage = JSON.parse(text) as { userCPUTime: number; systemCPUTime: number; maxRSS: number };
  return { cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS };
}
