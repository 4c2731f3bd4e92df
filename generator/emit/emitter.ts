import type { SourceFileStructure } from 'ts-morph';
import type { IrSpec } from '../ir/types.js';

/**
 * One output file of an emitter. TypeScript files are ts-morph structures (code as data);
 * other files (JSON manifests, Markdown docs, ajv's standalone JavaScript) are text.
 * Paths are relative to `generated/<spec-name>/`, with forward slashes.
 */
export type EmittedFile =
  | { path: string; kind: 'ts'; structure: SourceFileStructure }
  | { path: string; kind: 'text'; text: string };

/** An emitter is pure: IR in, files out. It reads no files and has no side effects. */
export interface Emitter {
  /** Folder name under generator/emit/, e.g. `types`. */
  id: string;
  /** Whether this emitter has anything to say about the spec (e.g. rest-client only for OpenAPI). */
  appliesTo(ir: IrSpec): boolean;
  emit(ir: IrSpec): EmittedFile[];
}
