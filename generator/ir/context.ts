import type { Diagnostic, Severity } from '../load/diagnostic.js';
import type { SourceFile } from '../load/source.js';
import { resolveObject, type Resolution } from './refs.js';
import type { IrLocation, IrSchemaRef } from './types.js';
import type { JsonObject } from './values.js';

export type Resolved = Extract<Resolution, { ok: true }>;

/** What every builder function needs: the normalised document, source positions and a diagnostics sink. */
export class IrContext {
  /** Many IR nodes share a pointer (a `$ref`'d parameter used by 50 operations): locate each once. */
  private readonly locations = new Map<string, IrLocation>();

  constructor(
    readonly document: JsonObject,
    readonly source: SourceFile,
    readonly diagnostics: Diagnostic[],
  ) {}

  locate(pointer: string): IrLocation {
    let location = this.locations.get(pointer);
    if (!location) {
      const { file, line, col } = this.source.positionOf(pointer);
      location = { file, line, col, pointer };
      this.locations.set(pointer, location);
    }
    return location;
  }

  schemaRef(pointer: string): IrSchemaRef {
    return { pointer, location: this.locate(pointer) };
  }

  /** Follows Reference Objects; reports and returns undefined when that fails. */
  resolve(node: unknown, pointer: string, what: string): Resolved | undefined {
    const resolution = resolveObject(this.document, node, pointer);
    if (resolution.ok) return resolution;
    this.report('error', 'ir-ref-unresolved', `${what}: ${resolution.reason}`, resolution.pointer);
    return undefined;
  }

  report(severity: Severity, code: string, message: string, pointer: string): void {
    const { file, line, col } = this.source.positionOf(pointer);
    this.diagnostics.push({ file, line, col, severity, code, message, pointer });
  }
}
