import {
  StructureKind,
  VariableDeclarationKind,
  type EnumDeclarationStructure,
  type VariableStatementStructure,
} from 'ts-morph';
import type { IrErrorCode } from '../../ir/types.js';
import { stringLiteral } from '../shared/escape.js';
import { NameScope, pascalCase } from '../shared/naming.js';
import { docFrom } from './docs.js';

/**
 * `export enum <errorEnum> { … }` and `export const errorCatalogue` for a spec's error catalogue.
 * Member names come from the messages, made unique in catalogue order (sorted by code).
 */
export function errorCatalogueStatements(
  catalogue: readonly IrErrorCode[],
  errorEnum: string,
): [EnumDeclarationStructure, VariableStatementStructure] {
  const scope = new NameScope();
  const members = catalogue.map((entry) => ({ entry, name: scope.claim(pascalCase(entry.message)) }));

  const enumeration: EnumDeclarationStructure = {
    kind: StructureKind.Enum,
    name: errorEnum,
    isExported: true,
    members: members.map(({ entry, name }) => {
      const doc = docFrom([
        entry.message,
        entry.status === undefined ? undefined : `HTTP status ${entry.status}.`,
        entry.fix === undefined ? undefined : `Fix: ${entry.fix}`,
      ]);
      return { kind: StructureKind.EnumMember, name, value: entry.code, ...(doc === undefined ? {} : { docs: [doc] }) };
    }),
  };

  const rows = members.map(({ entry, name }) => {
    const fields = [`code: ${errorEnum}.${name}`];
    if (entry.status !== undefined) fields.push(`status: ${entry.status}`);
    fields.push(`message: ${stringLiteral(entry.message)}`);
    if (entry.fix !== undefined) fields.push(`fix: ${stringLiteral(entry.fix)}`);
    return `  { ${fields.join(', ')} },`;
  });
  const catalogueConst: VariableStatementStructure = {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['Every documented error code with its message, and its HTTP status and fix where the spec gives them.'],
    declarations: [
      {
        name: 'errorCatalogue',
        type: `readonly { code: ${errorEnum}; status?: number; message: string; fix?: string }[]`,
        initializer: rows.length === 0 ? '[]' : `[\n${rows.join('\n')}\n]`,
      },
    ],
  };
  return [enumeration, catalogueConst];
}
