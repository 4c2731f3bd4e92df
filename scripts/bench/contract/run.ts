/**
 * Times the full default contract run (embedded mocks; all 33 operations and 3 methods × 100
 * valid + 100 invalid examples; the stateful models) as a user starts it: `specgen contract`
 * in a fresh process. Prints each run's wall time and the median against the 20 s goal.
 *
 *   npx tsx scripts/bench/contract/run.ts [--runs N] [--seed N] [--max-examples N]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const GOAL_MS = 20_000;
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' }, seed: { type: 'string', default: '1' }, 'max-examples': { type: 'string', default: '100' } } });
const runs = Math.max(1, Number(values.runs));

interface Timing {
  wallMs: number;
  runMs: number;
  exit: number | null;
  checks: string;
}

async function once(): Promise<Timing> {
  const dir = mkdtempSync(join(tmpdir(), 'specgen-bench-'));
  const report = join(dir, 'report.json');
  const started = performance.now();
  const exit = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [join(repo, 'bin/specgen.js'), 'contract', '--seed', String(values.seed), '--max-examples', String(values['max-examples']), '--report', `json=${report}`], { cwd: repo, stdio: 'ignore' });
    child.on('exit', (code) => resolve(code));
  });
  const wallMs = performance.now() - started;
  try {
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as { durationMs: number; totals: { passed: number; failed: number }; failures: { check: string; target: string; occurrences: number }[] };
    const failed = parsed.failures.map((f) => `${f.target} ${f.check} ×${f.occurrences}`).join(', ');
    return { wallMs, runMs: parsed.durationMs, exit, checks: `${parsed.totals.passed} passed, ${parsed.totals.failed} failed${failed ? ` (${failed})` : ''}` };
  } catch {
    return { wallMs, runMs: Number.NaN, exit, checks: 'no report' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const timings: Timing[] = [];
for (let i = 0; i < runs; i++) {
  const t = await once();
  timings.push(t);
  console.log(`run ${i + 1}/${runs}: ${(t.wallMs / 1000).toFixed(1)} s wall (${(t.runMs / 1000).toFixed(1)} s in the run, the rest is start-up), exit ${t.exit}, checks ${t.checks}`);
}
const median = [...timings].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(timings.length / 2)] as Timing;
console.log(`specgen contract (default run, seed ${values.seed}): median ${(median.wallMs / 1000).toFixed(1)} s wall; goal ≤ ${GOAL_MS / 1000} s: ${median.wallMs <= GOAL_MS ? 'met' : 'missed'}`);
