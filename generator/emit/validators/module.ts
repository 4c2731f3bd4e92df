import {
  StructureKind,
  VariableDeclarationKind,
  type CodeBlockWriter,
  type ImportDeclarationStructure,
  type SourceFileStructure,
  type StatementStructures,
  type VariableStatementStructure,
  type WriterFunction,
} from 'ts-morph';
import type { IrSpec } from '../../ir/types.js';
import { docText, propertyKeyForLiteral, stringLiteral } from '../shared/escape.js';
import { specNames, type SpecNames } from '../shared/spec-names.js';
import { PARAMETER_LOCATIONS, type ModuleKind, type OperationPlan, type ValidatorPlan, type ValidatorUse } from './plan.js';

/** Module file (without extension) and namespace import name of each standalone module. */
export const STANDALONE: Record<ModuleKind, { file: string; namespace: string }> = {
  plain: { file: 'validators.standalone', namespace: 'raw' },
  coercing: { file: 'validators.params.standalone', namespace: 'rawParams' },
};

const RUNTIME = './runtime/validation.js';

/** Type of each parameter validator in types.ts, by its key in `operationValidators`. */
const PARAMETER_TYPE_SUFFIX = { path: 'PathParams', query: 'QueryParams', headers: 'HeaderParams' } as const;

/** `validators.ts`: typed guards over the standalone functions, per named schema, operation and method. */
export function validatorsModule(ir: IrSpec, plan: ValidatorPlan): SourceFileStructure {
  const names = specNames(ir);
  const modules = (Object.keys(STANDALONE) as ModuleKind[]).filter((m) => plan.targets[m].length > 0);
  const statements: StatementStructures[] = [
    ...modules.map((m): ImportDeclarationStructure => ({
      kind: StructureKind.ImportDeclaration,
      namespaceImport: STANDALONE[m].namespace,
      moduleSpecifier: `./${STANDALONE[m].file}.js`,
    })),
    {
      kind: StructureKind.ImportDeclaration,
      namedImports: ['guard', 'type MethodValidators', 'type OperationValidators', 'type Validator'],
      moduleSpecifier: RUNTIME,
    },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namespaceImport: 'T', moduleSpecifier: './types.js' },
  ];

  for (const { name, use } of plan.schemas) {
    const type = `T.${names.schemaType(name)}`;
    statements.push(
      constant(`validate${names.schemaType(name)}`, guardCall(use, type), {
        type: `Validator<${type}>`,
        doc: `Checks a value against the schema \`${name}\` (${use.schemaPointer}).`,
      }),
    );
  }

  statements.push(
    constant('operationValidators', typedObject(plan.operations.map((o) => [propertyKeyForLiteral(o.operation.id), operationObject(o, names)]), '{ readonly [id in keyof T.Operations]: OperationValidators }'), {
      doc: 'Validators of each REST operation: parameters (coercing strings in place), body and responses.',
    }),
    constant(
      'methodValidators',
      typedObject(
        plan.methods.map((m) => {
          const base = names.methodType(m.name);
          return [propertyKeyForLiteral(m.name), object([['request', guardCall(m.request, `T.${base}Request`)], ['reply', guardCall(m.reply, `T.${base}Reply`)]])];
        }),
        "{ readonly [m in keyof T.Methods]: MethodValidators<T.Methods[m]['request'], T.Methods[m]['reply']> }",
      ),
      { doc: 'Validators of each MQTT method: the whole request and reply envelopes.' },
    ),
  );
  return { kind: StructureKind.SourceFile, statements };
}

/** `validators.standalone.d.ts`: every export of a standalone module is an ajv validate function. */
export function standaloneDeclarations(plan: ValidatorPlan, module: ModuleKind): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    statements: [
      { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: ['CompiledValidate'], moduleSpecifier: RUNTIME },
      ...plan.targets[module].map(
        (t): VariableStatementStructure => ({
          kind: StructureKind.VariableStatement,
          isExported: true,
          hasDeclareKeyword: true,
          declarationKind: VariableDeclarationKind.Const,
          declarations: [{ name: t.exportName, type: 'CompiledValidate' }],
        }),
      ),
    ],
  };
}

function operationObject(plan: OperationPlan, names: SpecNames): WriterFunction {
  const base = names.operationType(plan.operation.id);
  const entries: [string, string | WriterFunction][] = [];
  for (const [, key] of PARAMETER_LOCATIONS) {
    const use = plan.parameters[key];
    if (use) entries.push([key, guardCall(use, `T.${base}${PARAMETER_TYPE_SUFFIX[key]}`)]);
  }
  if (plan.body) entries.push(['body', guardCall(plan.body, `T.${base}RequestBody`)]);
  const responses = plan.responses.map((r): [string, WriterFunction] => {
    const parts: [string, string][] = [];
    if (r.body) parts.push(['body', guardCall(r.body, `T.${base}Responses[${stringLiteral(r.status)}]`)]);
    if (r.headers) parts.push(['headers', guardCall(r.headers, 'Record<string, unknown>')]);
    return [propertyKeyForLiteral(r.status), object(parts)];
  });
  entries.push(['responses', object(responses)]);
  return object(entries);
}

function guardCall(use: ValidatorUse, type: string): string {
  return `guard<${type}>(${STANDALONE[use.module].namespace}.${use.exportName}, ${stringLiteral(use.schemaPointer)})`;
}

function constant(name: string, initializer: string | WriterFunction, options: { type?: string; doc: string }): VariableStatementStructure {
  const doc = docText(options.doc);
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name, initializer, ...(options.type === undefined ? {} : { type: options.type }) }],
    ...(doc === undefined ? {} : { docs: [doc] }),
  };
}

/** An object literal from already-escaped keys, one property per line, in the given order. */
function object(entries: readonly (readonly [string, string | WriterFunction])[]): WriterFunction {
  return (writer: CodeBlockWriter) => {
    if (entries.length === 0) {
      writer.write('{}');
      return;
    }
    writer.inlineBlock(() => {
      for (const [key, value] of entries) {
        writer.write(`${key}: `);
        if (typeof value === 'string') writer.write(value);
        else value(writer);
        writer.write(',').newLine();
      }
    });
  };
}

/** `{…} as const satisfies <type>`: every key checked against types.ts, every value keeps its precise type. */
function typedObject(entries: readonly (readonly [string, string | WriterFunction])[], type: string): WriterFunction {
  return (writer: CodeBlockWriter) => {
    object(entries)(writer);
    writer.write(` as const satisfies ${type}`);
  };
}
