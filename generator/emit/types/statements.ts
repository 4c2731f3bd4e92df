import { StructureKind, type TypeAliasDeclarationStructure } from 'ts-morph';
import type { TsType } from './type-text.js';

/**
 * `export type <name> = <type>;` with optional (already escaped) JSDoc. `separated` puts a blank
 * line before it, to set off the first declaration of a group.
 */
export function typeAlias(name: string, type: TsType, doc?: string, separated = false): TypeAliasDeclarationStructure {
  return {
    kind: StructureKind.TypeAlias,
    name,
    isExported: true,
    type: type.text,
    ...(doc === undefined ? {} : { docs: [doc] }),
    ...(separated ? { leadingTrivia: (writer) => (writer.getLength() > 0 ? writer.blankLineIfLastNot() : writer) } : {}),
  };
}
