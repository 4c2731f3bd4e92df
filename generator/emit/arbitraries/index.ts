import { StructureKind, VariableDeclarationKind, type StatementStructures, type VariableStatementStructure } from 'ts-morph';
import type { IrMethod, IrOperation, IrSpec } from '../../ir/types.js';
import type { Emitter } from '../emitter.js';
import { docText } from '../shared/escape.js';
import { specNames } from '../shared/spec-names.js';
import { array, call, object, raw, render, str, type Code } from './code.js';
import { InvalidCompiler } from './invalid.js';
import { NamedSchemas, refTo } from './named.js';
import { methodArbitrary, operationArbitrary, type Compilers } from './requests.js';
import { Schemas } from './schemas.js';
import { ValidCompiler } from './valid.js';

/**
 * `arbitraries.ts`: fast-check arbitraries of every named schema (`arb<S>`, and `invalid<S>`
 * where a value can break one constraint), of every REST request (`operationArbitraries`) and
 * of every MQTT request envelope (`methodArbitraries`). See the generated-module contract.
 */
export const arbitrariesEmitter: Emitter = {
  id: 'arbitraries',
  appliesTo: () => true,
  emit(ir) {
    return [{ path: 'arbitraries.ts', kind: 'ts', structure: { kind: StructureKind.SourceFile, statements: arbitraryStatements(ir) } }];
  },
};

function arbitraryStatements(ir: IrSpec): StatementStructures[] {
  const names = specNames(ir);
  const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const named = [...ir.schemas].sort(byName);
  const operations = [...ir.operations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const methods = [...ir.methods].sort(byName);
  const schemas = new Schemas(ir.document, new Map(named.map((s) => [s.schema.pointer, s.name])));
  const valid = new ValidCompiler(schemas);
  const invalid = new InvalidCompiler(schemas, valid);
  const graph = new NamedSchemas(named, (name) => names.schemaType(name), requestSchemaPointers(operations, methods), schemas, valid, invalid);

  const entries = graph.letrecEntries();
  const exports: StatementStructures[] = [];
  for (const [i, s] of named.entries()) {
    const key = graph.key(refTo(s));
    const about = `Valid values of \`T.${key}\` (${s.schema.pointer}).`;
    exports.push(constant(graph.arbName(refTo(s)), raw(`named.${key} as fc.Arbitrary<T.${key}>`), doc(about, entries[i]?.notes)));
  }
  for (const list of graph.mutationLists(named)) {
    const about = `Values of ${list.ref.target} that break exactly one of its constraints, with the violation.`;
    const name = graph.mutationsName(list.ref);
    exports.push(
      constant(name, array(list.code), [], 'readonly A.Mutation[]', false),
      constant(graph.invalidName(list.ref), call('A.invalid', raw(graph.arbName(list.ref)), raw(name)), doc(about, list.notes), 'fc.Arbitrary<A.InvalidValue>'),
    );
  }

  const compilers: Compilers = { document: ir.document, schemas, valid, invalid, scope: graph.outside() };
  exports.push(
    constant(
      'operationArbitraries',
      object(operations.map((o) => [o.id, operationArbitrary(o, compilers)])),
      ['Valid and invalid requests of every operation. `invalid` is absent when a request has nothing to break.'],
      '{ readonly [id in keyof T.Operations]: A.OperationArbitraries }',
    ),
    constant(
      'methodArbitraries',
      object(methods.map((m) => [m.name, methodArbitrary(m, compilers)])),
      ['Valid and invalid request envelopes of every MQTT method. `invalid` is absent when a request has nothing to break.'],
      "{ readonly [m in keyof T.Methods]: A.MethodArbitraries<T.Methods[m]['request']> }",
    ),
  );

  const statements: StatementStructures[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: 'fast-check', defaultImport: 'fc' },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './types.js', namespaceImport: 'T', isTypeOnly: true },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './runtime/arbitraries.js', namespaceImport: 'A' },
  ];
  if (valid.usesDepth) statements.push(constant('depth', call('fc.createDepthIdentifier'), [], undefined, false));
  if (entries.length > 0) {
    const letrec = render(object(entries.map((e) => [e.key, e.code])));
    statements.push(constant('named', raw(`fc.letrec((tie) => (${letrec}))`), [], undefined, false));
  }
  return [...statements, ...exports];
}

/** Pointers of the schemas of parameters, request bodies and request messages. */
function requestSchemaPointers(operations: readonly IrOperation[], methods: readonly IrMethod[]): string[] {
  return [
    ...operations.flatMap((o) => [...o.parameters.map((p) => p.schema?.pointer), ...(o.requestBody?.contents ?? []).map((m) => m.schema?.pointer)]),
    ...methods.map((m) => m.request.payload.pointer),
  ].filter((p): p is string => p !== undefined);
}

function doc(about: string, notes: Set<string> | undefined): string[] {
  const list = [...(notes ?? [])].sort();
  const text = list.length === 0 ? about : `${about}\n\nGeneration notes: ${list.join('; ')}.`;
  const cleaned = docText(text);
  return cleaned ? [cleaned] : [];
}

function constant(name: string, initializer: Code, docs: string[], type?: string, exported = true): VariableStatementStructure {
  return {
    kind: StructureKind.VariableStatement,
    isExported: exported,
    declarationKind: VariableDeclarationKind.Const,
    docs,
    declarations: [{ name, type, initializer: render(initializer) }],
  };
}
