import { relative, resolve, sep } from 'node:path';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../../load/diagnostic.js';
import { defaultSpecFiles } from '../../load/load-spec.js';
import { loadIr } from '../../ir/build.js';
import { emitters } from '../../emit/registry.js';
import { generateSpec, type GeneratedSpec } from '../../generate/generate.js';
import { findDrift, writeGenerated } from '../../generate/write.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Io, type Verb } from '../verb.js';

export const generateVerb: Verb = {
  name: 'generate',
  summary: 'Generate types, validators, arbitraries, clients and stubs from the specs',
  usage: 'specgen generate [spec…] [--out DIR] [--check]',
  help: `
Arguments:
  spec…          spec files to generate from (default: every *.openapi.yaml and *.asyncapi.yaml in specs/)

Options:
  --out DIR      output folder (default: generated); each spec gets DIR/<spec-name>/
  --check        write nothing; list every file that is missing, extra or different, exit 1 on drift
  -h, --help     show this help

Output is deterministic and written atomically (temp folder, then rename): a spec with lint
errors exits 2 with the located errors and leaves the existing output untouched.

Examples:
  specgen generate
  specgen generate specs/gizwits-enterprise.openapi.yaml --out /tmp/sdk
  specgen generate --check`,
  options: {
    out: { type: 'string', default: 'generated' },
    check: { type: 'boolean', default: false },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const outDir = resolve(io.cwd, String(values.out));
    const files = positionals.length > 0 ? positionals.map((p) => resolve(io.cwd, p)) : await defaultSpecFiles(io.cwd);
    if (files.length === 0) {
      io.err('specgen generate: no specs given and none found in specs/');
      return EXIT_USAGE;
    }
    const generated = await generateAll(files, io);
    if (!generated) return EXIT_USAGE;
    if (values.check) {
      const drift = await findDrift(outDir, generated);
      for (const d of drift) io.out(`${d.kind.padEnd(9)} ${shown(io, outDir)}/${d.path}`);
      if (drift.length > 0) {
        io.err(`${drift.length} generated file(s) out of date: run \`specgen generate\` and commit the result`);
        return EXIT_FINDINGS;
      }
      io.out(`generated code is current (${count(generated)} files)`);
      return EXIT_OK;
    }
    await writeGenerated(outDir, generated);
    for (const spec of generated) io.out(`wrote ${shown(io, outDir)}/${spec.name}/ (${spec.files.size} files)`);
    return EXIT_OK;
  },
};

/** Loads, builds and emits every spec in memory; prints located errors and returns undefined on any. */
async function generateAll(files: string[], io: Io): Promise<GeneratedSpec[] | undefined> {
  const results: GeneratedSpec[] = [];
  const problems: Diagnostic[] = [];
  for (const file of files) {
    const { ir, diagnostics } = await loadIr(file);
    const relativeDiagnostics = diagnostics.map((d) => ({ ...d, file: shown(io, d.file) }));
    if (!ir || hasErrors(diagnostics)) {
      problems.push(...relativeDiagnostics.filter((d) => d.severity === 'error'));
      continue;
    }
    results.push(await generateSpec(ir, emitters, shown(io, file)));
  }
  if (problems.length > 0) {
    for (const d of problems) io.err(formatDiagnostic(d));
    io.err(`specgen generate: ${problems.length} error(s); nothing was written`);
    return undefined;
  }
  return results;
}

function shown(io: Io, path: string): string {
  const rel = relative(io.cwd, path);
  return (rel.startsWith('..') ? path : rel || '.').split(sep).join('/');
}

function count(specs: GeneratedSpec[]): number {
  return specs.reduce((n, s) => n + s.files.size, 0);
}
