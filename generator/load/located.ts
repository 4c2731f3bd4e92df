import type { Diagnostic, Severity } from './diagnostic.js';
import type { SourceFile } from './source.js';

export interface LocateOptions {
  severity?: Severity;
  /** Locate the mapping key of the node instead of its value (for "unexpected property" findings). */
  atKey?: boolean;
  /** Pointer to locate when it differs from the reported one (e.g. the `$ref` value of a reference node). */
  locateAt?: string;
}

/** A diagnostic located at the node `pointer` of `source`. */
export function diagnosticAt(
  source: SourceFile,
  pointer: string,
  code: string,
  message: string,
  options: LocateOptions = {},
): Diagnostic {
  const target = options.locateAt ?? pointer;
  const position = options.atKey ? source.keyPositionOf(target) : source.positionOf(target);
  return { ...position, severity: options.severity ?? 'error', code, message, pointer };
}
