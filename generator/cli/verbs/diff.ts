import { relative, sep } from 'node:path';
import type { IrLocation } from '../../ir/types.js';
import { formatDiagnostic, type Diagnostic } from '../../load/diagnostic.js';
import type { Change } from '../../diff/change.js';
import { diffSpecs, type DiffReport } from '../../diff/diff.js';
import { DIFF_FORMATS, formatReport, type DiffFormat } from '../../diff/format.js';
import { loadDiffSide } from '../../diff/input.js';
import { RULES, describeLevel } from '../../diff/rules.js';
import type { DiffSide } from '../../diff/side.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type Io, type Verb } from '../verb.js';

const FAIL_ON = ['breaking', 'warning'] as const;
type FailOn = (typeof FAIL_ON)[number];

export const diffVerb: Verb = {
  name: 'diff',
  summary: 'Classify the changes between two versions of a spec and suggest a version bump',
  usage: 'specgen diff OLD NEW [--format text|json|markdown] [--fail-on breaking|warning]\n       specgen diff --rules',
  help: `
Arguments:
  OLD, NEW          spec files, or git:REV:path for a committed version (read with
                    \`git show REV:path\` in the repository holding the working directory;
                    the path is from the repository root, ./path from the working directory;
                    files named by its external $refs are read from the same revision)

Options:
  --format FORMAT   text (default): one line per change, LEVEL rule-id  old → new  message,
                    then the counts and the suggested version bump; json: the whole report;
                    markdown: a heading, the counts and a table, for a pull-request comment
  --fail-on LEVEL   breaking: exit 1 when a change is breaking; warning: when one is breaking
                    or a warning. Without it the exit code ignores the changes.
  --rules           list every rule: id, level, what it means
  -h, --help        show this help

Changes are found on the IR, so OpenAPI and AsyncAPI specs go through the same rules. Schemas
are compared in parallel through their $refs; a change is reported at the deepest pointer, once
per pointer, with the operations or methods it reaches. Narrowing what a request accepts is
breaking, narrowing a response is not; widening is the other way round.
Suggested bump: major for a breaking change, minor for an addition, patch for any other change,
none without changes.

Exit codes: 0 compared (and nothing at the --fail-on level), 1 a change at the --fail-on level,
2 an unreadable input, a spec with errors (printed with file:line:col) or a usage error.

Examples:
  specgen diff git:HEAD:specs/gizwits-enterprise.openapi.yaml specs/gizwits-enterprise.openapi.yaml
  specgen diff old.asyncapi.yaml new.asyncapi.yaml --format markdown --fail-on breaking`,
  options: {
    format: { type: 'string', default: 'text' },
    'fail-on': { type: 'string' },
    rules: { type: 'boolean' },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (values.rules) {
      for (const rule of RULES) io.out(`${rule.id.padEnd(32)} ${describeLevel(rule.level).padEnd(40)} ${rule.summary}`);
      return EXIT_OK;
    }
    const format = oneOf(values.format, DIFF_FORMATS, '--format') as DiffFormat;
    const failOn = values['fail-on'] === undefined ? undefined : (oneOf(values['fail-on'], FAIL_ON, '--fail-on') as FailOn);
    if (positionals.length !== 2) throw new UsageError(`expected OLD and NEW, got ${positionals.length} argument${positionals.length === 1 ? '' : 's'}`);

    const sides: DiffSide[] = [];
    let unusable = false;
    // One after the other: the AsyncAPI parser is shared.
    for (const argument of positionals) {
      const load = await loadDiffSide(argument, io.cwd);
      if (load.side) {
        sides.push(load.side);
        continue;
      }
      unusable = true;
      if (load.problem !== undefined) io.err(`specgen diff: ${load.problem}`);
      const errors = load.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) io.err(`specgen diff: ${argument} has ${errors.length} error${errors.length === 1 ? '' : 's'}:`);
      for (const d of errors) io.err(formatDiagnostic(shownDiagnostic(io, d)));
    }
    if (unusable) return EXIT_USAGE;
    const [before, after] = sides as [DiffSide, DiffSide];
    if (before.ir.kind !== after.ir.kind) {
      io.err(`specgen diff: cannot compare ${positionals[0]} (${before.ir.kind}) with ${positionals[1]} (${after.ir.kind})`);
      return EXIT_USAGE;
    }
    const report = shownReport(io, diffSpecs(before, after));
    io.out(formatReport(report, format));
    const failing = failOn === undefined ? 0 : failOn === 'breaking' ? report.counts.breaking : report.counts.breaking + report.counts.warning;
    return failing > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};

function oneOf(value: unknown, allowed: readonly string[], flag: string): string {
  const text = String(value);
  if (!allowed.includes(text)) throw new UsageError(`${flag} must be ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}, got ${JSON.stringify(text)}`);
  return text;
}

/** A path as the user would type it from the working directory; `git:` names stay as given. */
function shown(io: Io, file: string): string {
  if (file.startsWith('git:')) return file;
  const rel = relative(io.cwd, file);
  return (rel.startsWith('..') ? file : rel || '.').split(sep).join('/');
}

function shownDiagnostic(io: Io, d: Diagnostic): Diagnostic {
  return { ...d, file: shown(io, d.file) };
}

function shownReport(io: Io, report: DiffReport): DiffReport {
  const location = (l: IrLocation | undefined) => (l ? { ...l, file: shown(io, l.file) } : undefined);
  const changes = report.changes.map((c): Change => {
    const copy: Change = { ...c };
    if (c.old) copy.old = location(c.old);
    if (c.new) copy.new = location(c.new);
    return copy;
  });
  return { ...report, old: { ...report.old, file: shown(io, report.old.file) }, new: { ...report.new, file: shown(io, report.new.file) }, changes };
}
