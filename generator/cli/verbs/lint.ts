import { relative, resolve, sep } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../../load/diagnostic.js';
import { defaultSpecFiles, lintSpecs } from '../../load/load-spec.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type Io, type Verb } from '../verb.js';

export const lintVerb: Verb = {
  name: 'lint',
  summary: 'Check specs: YAML, $refs, the official OpenAPI schema / AsyncAPI parser, examples',
  usage: 'specgen lint [spec…] [--format text|json]',
  help: `
Arguments:
  spec…            spec files to check (default: every *.openapi.* and *.asyncapi.* in specs/)

Options:
  --format FORMAT  text (default): one line per finding, file:line:col severity code message (#pointer),
                   then a summary; json: {specs: [{file, kind, version, diagnostics}], errors, warnings}
  -h, --help       show this help

Checks: YAML/JSON syntax; the spec version; $refs (dangling, cyclic, unreadable external files,
which are bundled); OpenAPI 3.0/3.1 against the official OpenAPI schema, AsyncAPI 3 with
@asyncapi/parser; every example against its schema; unique operationIds; path templates
against path parameters.

Exit codes: 0 no errors (warnings allowed), 2 any error or a usage error.

Examples:
  specgen lint
  specgen lint specs/gizwits-enterprise.openapi.yaml --format json`,
  options: {
    format: { type: 'string', default: 'text' },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const format = String(values.format);
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got ${JSON.stringify(format)}`);
    const files = positionals.length > 0 ? positionals.map((p) => resolve(io.cwd, p)) : await defaultSpecFiles(io.cwd);
    if (files.length === 0) throw new UsageError('no specs given and none found in specs/');

    const specs = await lintSpecs(files);
    const shownSpecs = specs.map((spec) => ({
      file: shown(io, spec.source.file),
      kind: spec.specVersion === '' ? null : spec.kind,
      version: spec.specVersion === '' ? null : spec.specVersion,
      diagnostics: spec.diagnostics.map((d): Diagnostic => ({ ...d, file: shown(io, d.file) })),
    }));
    const all = shownSpecs.flatMap((s) => s.diagnostics);
    const errors = all.filter((d) => d.severity === 'error').length;
    const warnings = all.length - errors;
    if (format === 'json') {
      io.out(JSON.stringify({ specs: shownSpecs, errors, warnings }, null, 2));
    } else {
      for (const d of all) io.out(formatDiagnostic(d));
      io.out(`${plural(specs.length, 'spec')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
    }
    return errors > 0 ? EXIT_USAGE : EXIT_OK;
  },
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A path as the user would type it from the working directory. */
function shown(io: Io, path: string): string {
  const rel = relative(io.cwd, path);
  return (rel.startsWith('..') ? path : rel || '.').split(sep).join('/');
}
