/** A located problem in a spec. Errors are values; the CLI decides how to print them. */
export type Severity = 'error' | 'warning';

export interface SourcePosition {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
}

export interface Diagnostic extends SourcePosition {
  severity: Severity;
  /** Stable machine-readable code, e.g. `yaml-syntax`, `ref-dangling`, `example-invalid`. */
  code: string;
  message: string;
  /** JSON pointer of the offending node ('' is the document root). */
  pointer: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.pointer === '' ? '#' : `#${d.pointer}`;
  return `${d.file}:${d.line}:${d.col} ${d.severity} ${d.code} ${d.message} (${where})`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorts by file, line, column, code so output is deterministic. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code),
  );
}

/** Thrown when a spec cannot be used at all; carries the located diagnostics. */
export class SpecError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'SpecError';
  }
}
