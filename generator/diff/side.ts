import type { IrLocation, IrSpec } from '../ir/types.js';
import type { SourceFile } from '../load/source.js';

/** One version of a spec as the diff sees it: the IR, and the source that locates its pointers. */
export interface DiffSide {
  ir: IrSpec;
  source: SourceFile;
}

/** file:line:col of a pointer of the side's document (of its deepest existing ancestor when the source lacks it). */
export function locate(side: DiffSide, pointer: string): IrLocation {
  const { file, line, col } = side.source.positionOf(pointer);
  return { file, line, col, pointer };
}
