import { join, relative, resolve, sep } from 'node:path';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../../load/diagnostic.js';
import { defaultSpecFiles } from '../../load/load-spec.js';
import { loadIr } from '../../ir/build.js';
import type { Emitter } from '../../emit/emitter.js';
import { emitters } from '../../emit/registry.js';
import type { LoadOptions } from '../../load/load-text.js';
import { generateSpec, type GeneratedSpec } from '../../generate/generate.js';
import { MANIFEST_FILE, checkManifests, onlyGeneratorDiffers } from '../../generate/manifest.js';
import { watchSpecs } from '../../generate/watch.js';
import { findDrift, writeGenerated, type Drift } from '../../generate/write.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type Io, type Verb } from '../verb.js';

export const generateVerb: Verb = {
  name: 'generate',
  summary: 'Generate types, validators, arbitraries, clients and stubs from the specs',
  usage: 'specgen generate [spec…] [--out DIR] [--check | --watch] [--emitters LIST] [--skip-examples]',
  help: `
Arguments:
  spec…            spec files to generate from (default: every *.openapi.yaml and *.asyncapi.yaml in specs/)

Options:
  --out DIR        output folder (default: generated); each spec gets DIR/<spec-name>/
  --check          write nothing; list every file that is missing, extra or different, exit 1 on drift
                   (a folder whose manifest.json matches the spec, the generator and its files is
                   current without generating; the others are generated in memory and compared)
  --watch          generate, then regenerate each spec when it changes, writing only changed files,
                   until Ctrl-C; a spec with errors prints them and keeps its last good output
  --emitters LIST  only these outputs, comma-separated, from: ${emitters.map((e) => e.id).join(', ')}
                   (default: all; with --check, the other outputs' files count as extra)
  --skip-examples  do not check examples against their schemas (third-party specs whose examples
                   contradict their schemas; examples shape no generated code); \`specgen lint\` checks them
  -h, --help       show this help

Output is deterministic and written atomically (temp folder, then rename): a spec with lint
errors exits 2 with the located errors and leaves the existing output untouched.

Examples:
  specgen generate
  specgen generate specs/gizwits-enterprise.openapi.yaml --out /tmp/sdk
  specgen generate --check
  specgen generate --watch
  specgen generate api.github.com.json --out /tmp/gh --emitters types,validators,arbitraries --skip-examples`,
  options: {
    out: { type: 'string', default: 'generated' },
    check: { type: 'boolean', default: false },
    watch: { type: 'boolean', default: false },
    emitters: { type: 'string' },
    'skip-examples': { type: 'boolean', default: false },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const outDir = resolve(io.cwd, String(values.out));
    const files = positionals.length > 0 ? positionals.map((p) => resolve(io.cwd, p)) : await defaultSpecFiles(io.cwd);
    if (files.length === 0) {
      io.err('specgen generate: no specs given and none found in specs/');
      return EXIT_USAGE;
    }
    const selected = selectedEmitters(values.emitters);
    const options: LoadOptions = { checkExamples: !values['skip-examples'] };
    if (!options.checkExamples) io.err('specgen generate: examples not checked against their schemas (--skip-examples); `specgen lint` checks them');
    if (values.watch) {
      if (values.check) throw new UsageError('--watch and --check do not go together');
      return watchUntilStopped({ files, discover: positionals.length === 0, outDir, selected, options, io });
    }
    // With every output selected, a folder its manifest proves current needs no generating.
    const manifests = values.check && values.emitters === undefined ? await checkManifests(outDir, files.map((file) => ({ file, shown: shown(io, file) }))) : [];
    const stale = values.check ? files.filter((file) => !manifests.some((m) => m.file === file && m.reason === undefined)) : files;
    for (const m of manifests) if (m.reason !== undefined) io.err(`${shown(io, outDir)}/${m.name}: ${m.reason}; comparing in full`);
    const current = manifests.filter((m) => m.reason === undefined).reduce((n, m) => n + m.fileCount, 0);
    const generated = await generateAll(stale, selected, options, io);
    if (!generated) return EXIT_USAGE;
    if (values.check) {
      const drift = await withoutGeneratorOnlyChanges(outDir, generated, await findDrift(outDir, generated));
      for (const d of drift) io.out(`${d.kind.padEnd(9)} ${shown(io, outDir)}/${d.path}`);
      if (drift.length > 0) {
        io.err(`${drift.length} generated file(s) out of date: run \`specgen generate\` and commit the result`);
        return EXIT_FINDINGS;
      }
      const total = count(generated) + current;
      io.out(`generated code is current (${total} files${current === 0 ? '' : current === total ? ', by their manifests' : `, ${current} by their manifests`})`);
      return EXIT_OK;
    }
    await writeGenerated(outDir, generated);
    for (const spec of generated) io.out(`wrote ${shown(io, outDir)}/${spec.name}/ (${spec.files.size} files)`);
    return EXIT_OK;
  },
};

/** The emitters `--emitters` names, in registry order; all of them without the flag. */
function selectedEmitters(list: unknown): readonly Emitter[] {
  if (list === undefined) return emitters;
  const ids = String(list).split(',').map((id) => id.trim()).filter((id) => id !== '');
  const unknown = ids.filter((id) => !emitters.some((e) => e.id === id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new UsageError(`--emitters takes a comma-separated list of ${emitters.map((e) => e.id).join(', ')}; got ${JSON.stringify(String(list))}`);
  }
  return emitters.filter((e) => ids.includes(e.id));
}

/** Loads, builds and emits every spec in memory; prints located errors and returns undefined on any. */
async function generateAll(files: string[], selected: readonly Emitter[], options: LoadOptions, io: Io): Promise<GeneratedSpec[] | undefined> {
  const results: GeneratedSpec[] = [];
  const problems: Diagnostic[] = [];
  for (const file of files) {
    const { ir, diagnostics } = await loadIr(file, options);
    const relativeDiagnostics = diagnostics.map((d) => ({ ...d, file: shown(io, d.file) }));
    if (!ir || hasErrors(diagnostics)) {
      problems.push(...relativeDiagnostics.filter((d) => d.severity === 'error'));
      continue;
    }
    results.push(await generateSpec(ir, selected, shown(io, file)));
  }
  if (problems.length > 0) {
    for (const d of problems) io.err(formatDiagnostic(d));
    io.err(`specgen generate: ${problems.length} error(s); nothing was written`);
    return undefined;
  }
  return results;
}

/** Drift minus manifests that only name another generator build (the files themselves are current). */
async function withoutGeneratorOnlyChanges(outDir: string, specs: readonly GeneratedSpec[], drift: Drift[]): Promise<Drift[]> {
  const kept: Drift[] = [];
  for (const d of drift) {
    const spec = specs.find((s) => d.path === `${s.name}/${MANIFEST_FILE}`);
    if (d.kind === 'different' && spec && (await onlyGeneratorDiffers(join(outDir, spec.name), spec.files.get(MANIFEST_FILE)!))) continue;
    kept.push(d);
  }
  return kept;
}

/** `--watch`: runs until SIGINT or SIGTERM, then exits 0 once the change in progress is written. */
async function watchUntilStopped(w: { files: string[]; discover: boolean; outDir: string; selected: readonly Emitter[]; options: LoadOptions; io: Io }): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await watchSpecs({
      files: w.files,
      ...(w.discover && { discover: { dir: join(w.io.cwd, 'specs'), list: () => defaultSpecFiles(w.io.cwd) } }),
      outDir: w.outDir,
      emitters: w.selected,
      load: w.options,
      show: (path) => shown(w.io, path),
      out: (line) => w.io.out(line),
      err: (line) => w.io.err(line),
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return EXIT_OK;
}

function shown(io: Io, path: string): string {
  const rel = relative(io.cwd, path);
  return (rel.startsWith('..') ? path : rel || '.').split(sep).join('/');
}

function count(specs: GeneratedSpec[]): number {
  return specs.reduce((n, s) => n + s.files.size, 0);
}
