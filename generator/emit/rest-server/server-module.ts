import {
  StructureKind,
  type CodeBlockWriter,
  type FunctionDeclarationStructure,
  type ImportDeclarationStructure,
  type InterfaceDeclarationStructure,
  type JSDocStructure,
  type SourceFileStructure,
  type StatementStructures,
  type TypeAliasDeclarationStructure,
  type VariableStatementStructure,
} from 'ts-morph';
import type { IrOperation, IrResponse, IrSpec } from '../../ir/types.js';
import { docText, propertyKeyForLiteral, stringLiteral } from '../shared/escape.js';
import { specNames, type SpecNames } from '../shared/spec-names.js';
import { errorFields, errorRoles, schemeWire } from '../rest-client/api-facts.js';
import { exportedConst } from '../rest-client/descriptors.js';
import { Code, dataLiteral } from '../rest-client/literal.js';
import { restNames, type RestNames } from '../rest-client/rest-names.js';

interface Context {
  ir: IrSpec;
  names: SpecNames;
  rest: RestNames;
  operations: IrOperation[];
}

/**
 * `server.ts`: the handler interface (one method per operation, answering a union of the
 * documented responses), the routes and API as data, and `create<Spec>Server` binding handlers
 * to the runtime engine.
 */
export function serverModule(ir: IrSpec): SourceFileStructure {
  const context: Context = {
    ir,
    names: specNames(ir),
    rest: restNames(ir),
    operations: [...ir.operations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
  const statements: StatementStructures[] = [
    ...imports(context),
    ...context.operations.map((op, i) => ({ ...resultType(context, op), ...(i === 0 ? { leadingTrivia: blankLine } : {}) })),
    handlersInterface(context),
    serverApiStatement(context),
    serverRoutesStatement(context),
    createServerFunction(context),
  ];
  return { kind: StructureKind.SourceFile, statements };
}

const blankLine = (writer: CodeBlockWriter): CodeBlockWriter => writer.blankLineIfLastNot();

function imports(c: Context): ImportDeclarationStructure[] {
  const list: ImportDeclarationStructure[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './runtime/rest-server-core.js',
      namedImports: [
        { name: 'RestServer' },
        { name: 'HandlerRequest', isTypeOnly: true },
        { name: 'RequestContext', isTypeOnly: true },
        { name: 'RestServerOptions', isTypeOnly: true },
        { name: 'ServerApiDescriptor', isTypeOnly: true },
        { name: 'ServerRoute', isTypeOnly: true },
      ],
    },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namespaceImport: 'T', moduleSpecifier: './types.js' },
  ];
  if (c.ir.errorCatalogue.length > 0) {
    list.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: './types.js', namedImports: [{ name: 'errorCatalogue' }] });
  }
  list.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: './validators.js', namedImports: [{ name: 'operationValidators' }] });
  return list;
}

/** `<Op>Result`: one member per documented status; statuses without content take no body. */
function resultType(c: Context, op: IrOperation): TypeAliasDeclarationStructure {
  const base = c.names.operationType(op.id);
  const member = (response: IrResponse): string => {
    const status = /^[1-5][0-9][0-9]$/.test(response.status) ? response.status : 'number';
    const body = response.contents.length === 0 ? 'body?: undefined' : `body: T.${base}Responses[${stringLiteral(response.status)}]`;
    return `{ status: ${status}; ${body}; headers?: Readonly<Record<string, string>> }`;
  };
  const members = op.responses.map(member);
  return {
    kind: StructureKind.TypeAlias,
    name: c.rest.result(op.id),
    isExported: true,
    type: members.length === 0 ? 'never' : members.join('\n  | '),
    docs: [docText(`What ${c.names.operationMember(op.id)} may answer: one member per documented status (${op.responses.map((r) => r.status).join(', ') || 'none'}).`)!],
  };
}

function operationDocs(op: IrOperation): JSDocStructure[] {
  const text = docText([`${op.method.toUpperCase()} ${op.path}`, op.summary].filter((s) => s !== undefined).join('\n\n'));
  return [{ kind: StructureKind.JSDoc, description: text ?? '', tags: op.deprecated ? [{ kind: StructureKind.JSDocTag, tagName: 'deprecated' }] : [] }];
}

function handlersInterface(c: Context): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name: c.rest.handlers,
    isExported: true,
    docs: [
      docText(
        `One handler per operation of ${c.ir.title}. Requests arrive validated (parameters coerced to their schema types); answers are checked against the spec in development mode.`,
      )!,
    ],
    methods: c.operations.map((op) => {
      const result = c.rest.result(op.id);
      return {
        name: c.names.operationMember(op.id),
        parameters: [
          { name: 'request', type: `T.${c.names.operationType(op.id)}Request` },
          { name: 'context', type: 'RequestContext' },
        ],
        returnType: `${result} | Promise<${result}>`,
        docs: operationDocs(op),
      };
    }),
  };
}

function serverApiStatement(c: Context): VariableStatementStructure {
  const schemes = [...c.ir.securitySchemes]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((scheme) => {
      const wire = schemeWire(c.ir, scheme);
      return wire ? [[scheme.name, scheme.errorCode === undefined ? wire : { ...wire, errorCode: scheme.errorCode }] as const] : [];
    });
  const api = {
    securitySchemes: Object.fromEntries(schemes),
    errorCatalogue: new Code(c.ir.errorCatalogue.length > 0 ? 'errorCatalogue' : '[]'),
    errorRoles: errorRoles(c.ir),
    errorFields: errorFields(c.ir),
  };
  return exportedConst(c.rest.serverApi, 'ServerApiDescriptor', dataLiteral(api), 'What the spec says about the whole API: security schemes, error catalogue, error roles and fields.');
}

function serverRoutesStatement(c: Context): VariableStatementStructure {
  const routes = c.operations.map((op) => ({
    id: op.id,
    method: op.method.toUpperCase(),
    path: op.path,
    security: op.security,
    headerParams: op.parameters.filter((p) => p.in === 'header').map((p) => p.name),
    body: op.requestBody ? { required: op.requestBody.required, contentTypes: op.requestBody.contents.map((m) => m.contentType) } : undefined,
    responses: Object.fromEntries(
      op.responses.map((r) => [r.status, { contentTypes: r.contents.map((m) => m.contentType), headers: r.headers.map((h) => h.name) }]),
    ),
  }));
  return exportedConst(c.rest.serverRoutes, 'readonly ServerRoute[]', dataLiteral(routes), 'Every operation as data: method, path template, security, parameters read from headers, body and documented responses.');
}

function createServerFunction(c: Context): FunctionDeclarationStructure {
  const bindings = c.operations.map((op) => {
    const request = `request as T.${c.names.operationType(op.id)}Request`;
    return `${propertyKeyForLiteral(op.id)}: (request: HandlerRequest, context: RequestContext) => handlers.${c.names.operationMember(op.id)}(${request}, context),`;
  });
  return {
    kind: StructureKind.Function,
    name: c.rest.createServer,
    isExported: true,
    parameters: [
      { name: 'handlers', type: c.rest.handlers },
      { name: 'options', type: 'RestServerOptions', hasQuestionToken: true },
    ],
    returnType: 'RestServer',
    docs: [
      docText(
        `A server for ${c.ir.title}: \`listen(port, host)\` resolves to its URL, \`close()\` stops it, \`handle(req, res)\` serves one request. Off-spec requests get the spec's error answers; in development mode (\`validateResponses\`, on by default) an off-spec answer becomes a 500 and is logged.`,
      )!,
    ],
    statements: [
      `return new RestServer(\n  {\n    api: ${c.rest.serverApi},\n    routes: ${c.rest.serverRoutes},\n    validators: operationValidators,\n    handlers: {\n${bindings.map((b) => `      ${b}`).join('\n')}\n    },\n  },\n  options,\n);`,
    ],
  };
}
