import type { Diagnostic } from './diagnostic.js';
import type { SourceFile } from './source.js';

export type SpecKind = 'openapi' | 'asyncapi';

/** A spec file after loading: parsed with positions, `$ref`s checked, external refs bundled. */
export interface LoadedSpec {
  /** File stem without `.openapi.yaml` / `.asyncapi.yaml` (or `.yaml`/`.json`), e.g. `gizwits-enterprise`. */
  name: string;
  kind: SpecKind;
  /** Value of the `openapi` / `asyncapi` field, e.g. `3.1.0`. */
  specVersion: string;
  /** The main file; its positions are of `document`'s pointers (inlined parts in their own files). */
  source: SourceFile;
  /** The document with external-file `$ref`s inlined and internal ones kept. */
  document: Record<string, unknown>;
  /** Everything found while loading and linting, sorted. */
  diagnostics: Diagnostic[];
}

/** `specs/gizwits-enterprise.openapi.yaml` → `gizwits-enterprise`. */
export function specNameOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.(openapi|asyncapi|oas|swagger)?\.?(ya?ml|json)$/i, '').replace(/\.$/, '') || base;
}
