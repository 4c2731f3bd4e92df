/**
 * Times `specgen generate --watch` from saving a spec to the watcher's "wrote" line, as a user
 * sees it. Starts the watcher in a child process over a copy of the spec in a temp folder, waits
 * for the first generation, then edits the copy `--runs` times (one edit at a time, each waiting
 * for its "wrote" line) and prints the median and p90 against the 300 ms goal.
 *
 *   npx tsx scripts/bench/watch/run.ts [--runs N] [--spec FILE] [--edit KIND]
 *
 * Edits: `description` rewrites a sentence of `info.description` (every generated file changes:
 * their headers carry the spec's hash, and the docs show the text), `version` changes
 * `info.version`, `comment` appends a YAML comment (the IR is unchanged; only the hash moves).
 * These leave every schema alone, so the compiled validators are reused. `body-schema` and
 * `parameter-schema` change a limit in a request body or a query parameter of the Gizwits spec:
 * the validators module holding it compiles again (the other one is reused).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const GOAL_MS = 300;
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    spec: { type: 'string', default: join(repo, 'specs/gizwits-enterprise.openapi.yaml') },
    edit: { type: 'string', default: 'description' },
  },
});
const runs = Math.max(1, Number(values.runs));
const edits: Record<string, (text: string, n: number) => string> = {
  description: (text, n) => text.replace(/^(  description: \|\n {4}).*$/m, `$1Edit ${n}: hand-curated description of the API.`),
  version: (text, n) => text.replace(/^( {2}version: ).*$/m, `$1'1.0.${n}'`),
  comment: (text, n) => `${text}\n# edit ${n}\n`,
  // A request body's limit (the device-group MAC list): the body validators compile again.
  'body-schema': (text, n) => text.replace(/^( {10}maxItems: )1000$/m, `$1${1000 - n}`),
  // A query parameter's limit: the parameter validators compile again.
  'parameter-schema': (text, n) => text.replace(/^( {8}maximum: )1000$/m, `$1${1000 - n}`),
};
const edit = edits[String(values.edit)];
if (!edit) throw new Error(`--edit must be one of ${Object.keys(edits).join(', ')}`);

const dir = mkdtempSync(join(tmpdir(), 'specgen-bench-watch-'));
const spec = join(dir, 'specs', basename(String(values.spec)));
mkdirSync(join(dir, 'specs'));
copyFileSync(String(values.spec), spec);
const original = readFileSync(spec, 'utf8');
if (edit(original, 1) === original) throw new Error(`--edit ${values.edit} changes nothing in ${values.spec}`);

const child = spawn(process.execPath, [join(repo, 'bin/specgen.js'), 'generate', '--watch', '--out', join(dir, 'out')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
const errors: string[] = [];
createInterface({ input: child.stderr }).on('line', (line) => errors.push(line));
const waiting: ((line: string) => void)[] = [];
createInterface({ input: child.stdout }).on('line', (line) => {
  if (line.startsWith('wrote ') || line.startsWith('unchanged ')) waiting.shift()?.(line);
});
const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

/** The next "wrote"/"unchanged" line, or an error naming the watcher's complaints. */
function nextResult(timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "wrote" line within ${timeoutMs} ms; stderr:\n${errors.join('\n')}`)), timeoutMs);
    waiting.push((line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

try {
  const started = performance.now();
  console.log(`first generation: ${await nextResult(120_000)} (${Math.round(performance.now() - started)} ms after start)`);
  const latencies: number[] = [];
  for (let n = 1; n <= runs; n++) {
    await sleep(150); // let the file system settle, as between two saves
    const result = nextResult();
    const saved = performance.now();
    writeFileSync(spec, edit(original, n));
    const line = await result;
    const ms = performance.now() - saved;
    latencies.push(ms);
    console.log(`edit ${n}/${runs}: ${Math.round(ms)} ms save → "${line}"`);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const median = at(0.5);
  console.log(
    `specgen generate --watch (${basename(spec)}, ${values.edit} edits, ${runs} runs): median ${Math.round(median)} ms, p90 ${Math.round(at(0.9))} ms, ` +
      `min ${Math.round(sorted[0]!)} ms, max ${Math.round(sorted.at(-1)!)} ms; goal ≤ ${GOAL_MS} ms: ${median <= GOAL_MS ? 'met' : 'missed'}`,
  );
} finally {
  child.kill('SIGINT');
  const code = await exited;
  if (code !== 0) console.error(`the watcher exited with ${code} after SIGINT; stderr:\n${errors.join('\n')}`);
  rmSync(dir, { recursive: true, force: true });
}
