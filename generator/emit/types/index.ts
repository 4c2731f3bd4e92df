import { StructureKind, type StatementStructures } from 'ts-morph';
import type { IrSpec } from '../../ir/types.js';
import { compareStrings } from '../../ir/values.js';
import { getAt } from '../../load/pointer.js';
import type { Emitter } from '../emitter.js';
import { specNames } from '../shared/spec-names.js';
import { docFrom, schemaDoc } from './docs.js';
import { errorCatalogueStatements } from './error-catalogue.js';
import { methodTypes, methodsInterface } from './method-types.js';
import { operationTypes, operationsInterface } from './operation-types.js';
import { SchemaTypes } from './schema-type.js';
import { typeAlias } from './statements.js';

/**
 * `types.ts`: a type per named schema, per REST operation and per MQTT method, the
 * `Operations` and `Methods` maps, and the error-code enum. See the generated-module contract.
 */
export const typesEmitter: Emitter = {
  id: 'types',
  appliesTo: () => true,
  emit(ir) {
    return [{ path: 'types.ts', kind: 'ts', structure: { kind: StructureKind.SourceFile, statements: typeStatements(ir) } }];
  },
};

/** Named schemas (sorted by name), operations (by id) with `Operations`, methods (by name) with `Methods`, errors. */
function typeStatements(ir: IrSpec): StatementStructures[] {
  const names = specNames(ir);
  const schemas = new SchemaTypes(ir.document, new Map(ir.schemas.map((s) => [s.schema.pointer, names.schemaType(s.name)])));
  const byName = (a: { name: string }, b: { name: string }): number => compareStrings(a.name, b.name);
  const operations = [...ir.operations].sort((a, b) => compareStrings(a.id, b.id));
  const methods = [...ir.methods].sort(byName);

  const statements: StatementStructures[] = [];
  for (const named of [...ir.schemas].sort(byName)) {
    const schema = getAt(ir.document, named.schema.pointer);
    statements.push(
      typeAlias(names.schemaType(named.name), schemas.expand(named.schema.pointer), schemaDoc(schema) ?? docFrom([named.description]), true),
    );
  }
  for (const operation of operations) statements.push(...operationTypes(operation, names, schemas));
  statements.push(operationsInterface(operations, names));
  for (const method of methods) statements.push(...methodTypes(method, names, schemas, ir.document));
  statements.push(methodsInterface(methods, names));
  if (ir.errorCatalogue.length > 0) statements.push(...errorCatalogueStatements(ir.errorCatalogue, names.errorEnum));
  return statements;
}
