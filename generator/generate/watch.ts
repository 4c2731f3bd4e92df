import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Emitter } from '../emit/emitter.js';
import { formatDiagnostic, type Diagnostic } from '../load/diagnostic.js';
import type { LoadOptions } from '../load/load-text.js';
import { specNameOf } from '../load/spec.js';
import { loadIr } from '../ir/build.js';
import { generateSpec } from './generate.js';
import { sha256 } from './manifest.js';
import { writeChangedFiles } from './write-changed.js';

/**
 * `specgen generate --watch`: regenerates a spec when its file changes, in one long-lived process
 * so that everything the pipeline caches per process (the AsyncAPI parser, the compiled official
 * OpenAPI schema, the ts-morph printer, the runtime files, the docs templates) stays warm.
 *
 * Changes are debounced per spec and handled one at a time. Only the changed spec is
 * regenerated, and only its changed files are written (atomically, see `writeChangedFiles`).
 * A save that leaves the text as it was is not linted again; a spec with errors prints them and
 * keeps the last good output; an empty file (an editor's truncation before it writes) is waited out.
 */
export interface WatchOptions {
  /** Spec files to watch (absolute). */
  files: string[];
  /**
   * A folder whose new spec files are picked up as they appear (`list` says which files of it are
   * specs); absent when the specs were named on the command line.
   */
  discover?: { dir: string; list(): Promise<string[]> };
  /** How specs are loaded (e.g. without the example checks). */
  load?: LoadOptions;
  outDir: string;
  emitters: readonly Emitter[];
  /** A path as it should be printed (relative to the working directory, forward slashes). */
  show(path: string): string;
  out(line: string): void;
  err(line: string): void;
  /** Stops watching; the promise of `watchSpecs` resolves once the change in progress is written. */
  signal: AbortSignal;
  /**
   * How long to wait for more events of one save before reading the file (default 20 ms): an
   * editor's truncate and write, or a large file's chunks, come microseconds apart.
   */
  debounceMs?: number;
  /** Monotonic milliseconds (tests pass their own). */
  now?: () => number;
}

/** What was last done for a spec: the text's hash, and its errors when it had some. */
interface LastRun {
  sha256: string;
  errors?: Diagnostic[];
}

/** Files beside the specs that a spec may `$ref` (any change to them regenerates every spec). */
const REFERENCEABLE = /\.(ya?ml|json)$/i;

export async function watchSpecs(options: WatchOptions): Promise<void> {
  const now = options.now ?? (() => performance.now());
  const debounceMs = options.debounceMs ?? 20;
  const specs = new Set(options.files.map((f) => resolve(f)));
  const last = new Map<string, LastRun>();
  const timers = new Map<string, { timer: NodeJS.Timeout; since: number; force: boolean }>();
  const queue = new Map<string, { since: number; force: boolean }>();
  let running: Promise<void> | undefined;

  const run = async (file: string, since: number, force: boolean): Promise<void> => {
    try {
      await regenerate(file, since, force);
    } catch (error) {
      options.err(`specgen generate: ${options.show(file)}: ${(error as Error).stack ?? String(error)}`);
    }
  };

  const regenerate = async (file: string, since: number, force: boolean): Promise<void> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      options.err(`${options.show(file)} is gone; ${options.show(options.outDir)} keeps what it generated`);
      last.delete(file);
      return;
    }
    if (text.trim() === '') {
      // An editor that truncates before it writes: the write follows, and is what gets linted.
      options.err(`${options.show(file)} is empty (a save in progress?); ${options.show(options.outDir)}/${specNameOf(file)}/ keeps the last good output`);
      return;
    }
    const hash = sha256(text);
    const previous = last.get(file);
    if (!force && previous?.sha256 === hash) {
      // The same bytes were linted (and generated) already: nothing can have changed.
      if (previous.errors) report(file, previous.errors);
      return;
    }
    const started = now();
    const { ir, diagnostics } = await loadIr(file, options.load);
    const loaded = now();
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (!ir || errors.length > 0) {
      last.set(file, { sha256: hash, errors });
      report(file, errors);
      return;
    }
    const generated = await generateSpec(ir, options.emitters, options.show(file));
    const emitted = now();
    const { written, removed, cleanup } = await writeChangedFiles(options.outDir, generated);
    last.set(file, { sha256: ir.sha256 });
    const done = now();
    const where = `${options.show(options.outDir)}/${generated.name}/`;
    // From the first change noticed (debounce included) to written, and where the time went.
    const took = `${Math.round(done - since)} ms: load and lint ${Math.round(loaded - started)}, generate ${Math.round(emitted - loaded)}, write ${Math.round(done - emitted)}`;
    if (written.length === 0 && removed.length === 0) options.out(`unchanged ${where} (${generated.files.size} files; ${took})`);
    else {
      const parts = [`${written.length} of ${generated.files.size} files written`, ...(removed.length > 0 ? [`${removed.length} removed`] : [])];
      options.out(`wrote ${where} (${parts.join(', ')}; ${took})`);
    }
    await cleanup;
  };

  const report = (file: string, errors: readonly Diagnostic[]): void => {
    for (const d of errors) options.err(formatDiagnostic({ ...d, file: options.show(d.file) }));
    options.err(`${options.show(file)}: ${errors.length} error(s); ${options.show(options.outDir)}/${specNameOf(file)}/ keeps the last good output`);
  };

  /** Runs queued specs one at a time, in the order they were first queued. */
  const drain = (): void => {
    if (running || options.signal.aborted) return;
    const next = queue.entries().next();
    if (next.done) return;
    const [file, { since, force }] = next.value;
    queue.delete(file);
    running = run(file, since, force).finally(() => {
      running = undefined;
      drain();
    });
  };

  const schedule = (file: string, force: boolean): void => {
    if (options.signal.aborted) return;
    const pending = timers.get(file);
    if (pending) clearTimeout(pending.timer);
    const since = pending?.since ?? now();
    const forced = force || (pending?.force ?? false);
    const timer = setTimeout(() => {
      timers.delete(file);
      const queued = queue.get(file);
      queue.set(file, { since: queued?.since ?? since, force: forced || (queued?.force ?? false) });
      drain();
    }, debounceMs);
    timers.set(file, { timer, since, force: forced });
  };

  const onEvent = (dir: string, filename: string | null): void => {
    if (filename === null) {
      for (const file of specs) schedule(file, true);
      return;
    }
    const file = join(dir, filename);
    if (specs.has(file)) schedule(file, false);
    else if (options.discover && resolve(options.discover.dir) === dir) void discover(file);
    else if (REFERENCEABLE.test(filename)) for (const spec of specs) schedule(spec, true);
  };

  /** A file new to the watched folder: a spec to watch from now on, or maybe one that specs `$ref`. */
  const discover = async (file: string): Promise<void> => {
    const found = await options.discover!.list().catch(() => []);
    if (found.map((f) => resolve(f)).includes(file)) {
      specs.add(file);
      schedule(file, false);
    } else if (REFERENCEABLE.test(file)) for (const spec of specs) schedule(spec, true);
  };

  const dirs = new Set([...specs].map((f) => dirname(f)));
  if (options.discover) dirs.add(resolve(options.discover.dir));
  const watchers: FSWatcher[] = [...dirs].sort().map((dir) => watch(dir, (_event, filename) => onEvent(dir, filename === null ? null : String(filename))));

  for (const file of [...specs].sort()) queue.set(file, { since: now(), force: true });
  drain();
  options.out(`watching ${[...dirs].sort().map(options.show).join(', ')} (Ctrl-C to stop)`);

  await new Promise<void>((done) => {
    if (options.signal.aborted) done();
    else options.signal.addEventListener('abort', () => done(), { once: true });
  });
  for (const w of watchers) w.close();
  for (const { timer } of timers.values()) clearTimeout(timer);
  timers.clear();
  queue.clear();
  await running;
  options.out('stopped watching');
}
