import {
  StructureKind,
  type ClassDeclarationStructure,
  type FunctionDeclarationStructure,
  type ImportDeclarationStructure,
  type InterfaceDeclarationStructure,
  type JSDocStructure,
  type MethodDeclarationStructure,
  type OptionalKind,
  type PropertySignatureStructure,
  type SourceFileStructure,
  type StatementStructures,
} from 'ts-morph';
import type { IrOperation, IrSpec } from '../../ir/types.js';
import { docText, propertyKey, propertyKeyForLiteral, stringLiteral } from '../shared/escape.js';
import { NameScope } from '../shared/naming.js';
import { specNames, type SpecNames } from '../shared/spec-names.js';
import { accessTokenOperation, clientSchemes, listShape, type AccessTokenOperation } from './api-facts.js';
import { clientApiStatement, clientOperationsStatement, responseValidatorsOfFunction } from './descriptors.js';
import { member } from './literal.js';
import { restNames, type RestNames } from './rest-names.js';

const VALIDATORS = 'operationValidators';
const CORE = '#core';

interface Context {
  ir: IrSpec;
  names: SpecNames;
  rest: RestNames;
  tokenOperation: AccessTokenOperation | undefined;
  /** Credential option name → its type text, sorted. */
  credentials: [string, string][];
  /** Credentials sent by credential security schemes. */
  schemeCredentials: string[];
  hasSchemes: boolean;
  hasLists: boolean;
  defaultBaseUrl: string | undefined;
}

/** `client.ts`: the typed client class over `RestClientCore`, its options and the API as data. */
export function clientModule(ir: IrSpec): SourceFileStructure {
  const names = specNames(ir);
  const tokenOperation = accessTokenOperation(ir);
  const schemes = clientSchemes(ir, tokenOperation);
  const schemeCredentials = [...new Set([...schemes.values()].flatMap((s) => (s.kind === 'credential' ? [s.credential] : [])))].sort();
  const context: Context = {
    ir,
    names,
    rest: restNames(ir),
    tokenOperation,
    credentials: credentialFields(names, tokenOperation, schemeCredentials),
    schemeCredentials,
    hasSchemes: schemes.size > 0,
    hasLists: ir.operations.some((op) => listShape(ir, op) !== undefined),
    defaultBaseUrl: ir.servers.map((s) => s.url).find((url) => /^https?:\/\/[^{}]+$/i.test(url)),
  };
  const statements: StatementStructures[] = [
    ...imports(context),
    errorTypeAlias(context),
    errorGuard(context),
    ...(context.credentials.length > 0 ? [credentialsInterface(context)] : []),
    optionsInterface(context),
    clientApiStatement(ir, context.rest),
    responseValidatorsOfFunction(),
    clientOperationsStatement(ir, context.rest, VALIDATORS),
    ...(tokenOperation ? tokenFunctions(context, tokenOperation) : []),
    clientClass(context),
  ];
  return { kind: StructureKind.SourceFile, statements };
}

function credentialFields(names: SpecNames, token: AccessTokenOperation | undefined, schemeCredentials: readonly string[]): [string, string][] {
  const fields = new Map<string, string>();
  if (token) {
    const base = names.operationType(token.operation.id);
    for (const p of token.pathParams) fields.set(p, `T.${base}PathParams[${stringLiteral(p)}]`);
    for (const f of token.bodyFields) fields.set(f.name, `T.${base}RequestBody[${stringLiteral(f.name)}]`);
  }
  for (const c of schemeCredentials) fields.set(c, 'string');
  return [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function imports(c: Context): ImportDeclarationStructure[] {
  const named = (name: string, typeOnly = false) => ({ name, isTypeOnly: typeOnly });
  const list: ImportDeclarationStructure[] = [
    importFrom('./runtime/http-error.js', [named('ApiError')]),
    importFrom('./runtime/http-request.js', [named('FetchLike', true), named('Params', true)]),
  ];
  if (c.hasLists) list.push(importFrom('./runtime/paginate.js', [named('paginate')]));
  list.push(
    importFrom('./runtime/rate-limit.js', [named('RateLimitState', true), named('Sleep', true)]),
    importFrom('./runtime/rest-client-core.js', [
      named('RestClientCore'),
      named('ApiDescriptor', true),
      named('CallOptions', true),
      named('OperationDescriptor', true),
      named('RateLimitRetryOptions', true),
    ]),
  );
  if (c.tokenOperation) list.push(importFrom('./runtime/token-cache.js', [named('readTokenGrant'), named('TokenGrant', true)]));
  list.push(
    importFrom('./runtime/validation.js', [named('OperationValidators', true)]),
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namespaceImport: 'T', moduleSpecifier: './types.js' },
    importFrom('./validators.js', [named(VALIDATORS)]),
  );
  return list;
}

function importFrom(moduleSpecifier: string, namedImports: { name: string; isTypeOnly: boolean }[]): ImportDeclarationStructure {
  const typeOnly = namedImports.every((n) => n.isTypeOnly);
  return {
    kind: StructureKind.ImportDeclaration,
    moduleSpecifier,
    isTypeOnly: typeOnly,
    namedImports: typeOnly ? namedImports.map((n) => ({ name: n.name })) : namedImports,
  };
}

function errorCodeType(c: Context): string {
  return c.ir.errorCatalogue.length > 0 ? `T.${c.names.errorEnum}` : 'number';
}

function errorTypeAlias(c: Context): StatementStructures {
  return {
    kind: StructureKind.TypeAlias,
    name: c.rest.apiError,
    isExported: true,
    type: `ApiError<${errorCodeType(c)}>`,
    leadingTrivia: (writer) => writer.blankLineIfLastNot(),
    docs: ['A non-2xx answer; `code` is the spec\'s error code when the body carries one.'],
  };
}

function errorGuard(c: Context): FunctionDeclarationStructure {
  return {
    kind: StructureKind.Function,
    name: c.rest.isApiError,
    isExported: true,
    parameters: [{ name: 'value', type: 'unknown' }],
    returnType: `value is ${c.rest.apiError}`,
    statements: ['return value instanceof ApiError;'],
    docs: [`Whether a rejection of a ${c.rest.client} call is an answer of the API (rather than a network or timeout error).`],
  };
}

function credentialsInterface(c: Context): InterfaceDeclarationStructure {
  const token = c.tokenOperation;
  const describe = (name: string): string => {
    const uses: string[] = [];
    if (token?.pathParams.includes(name)) uses.push(`path parameter of ${token.operation.id}`);
    if (token?.bodyFields.some((f) => f.name === name)) uses.push(`request body field of ${token.operation.id}`);
    if (c.schemeCredentials.includes(name)) uses.push('sent by the security schemes that need it');
    return docText(`\`${name}\`: ${uses.join('; ')}.`)!;
  };
  return {
    kind: StructureKind.Interface,
    name: c.rest.credentials,
    isExported: true,
    docs: [
      token
        ? docText(`Credentials, named as the spec names them: ${token.operation.id} is called with them to obtain the access token; credential security schemes send theirs directly.`)!
        : 'Credentials sent by the security schemes, named after them.',
    ],
    properties: c.credentials.map(([name, type]) => ({ name: propertyKey(name), type, hasQuestionToken: true, docs: [describe(name)] })),
  };
}

function optionsInterface(c: Context): InterfaceDeclarationStructure {
  const property = (name: string, type: string, doc: string): OptionalKind<PropertySignatureStructure> => ({ name, type, hasQuestionToken: true, docs: [doc] });
  const baseUrlDoc = c.defaultBaseUrl === undefined ? 'Base URL of the API.' : docText(`Base URL of the API (default: the spec's first server, ${c.defaultBaseUrl}).`)!;
  const properties = [
    { ...property('baseUrl', 'string', baseUrlDoc), hasQuestionToken: c.defaultBaseUrl !== undefined },
    property('fetch', 'FetchLike', 'The `fetch` to send requests with (default: the global one).'),
    property('timeoutMs', 'number', 'Per-request timeout (default 30 000 ms; 0 for none).'),
    property('headers', 'Params', 'Sent with every call; a call\'s own headers win.'),
    ...(c.credentials.length > 0 ? [property('credentials', c.rest.credentials, 'Credentials for the access token and the credential security schemes.')] : []),
    ...(c.tokenOperation ? [property('renewBeforeSeconds', 'number', 'Renew the access token this many seconds before it expires (default 60).')] : []),
    property('validateResponses', 'boolean', 'Check 2xx bodies against the spec (default off); a mismatch rejects with `ResponseValidationError`.'),
    property('retryOnRateLimit', 'boolean | RateLimitRetryOptions', 'When the quota is used up, wait for it to reset and retry (default off).'),
    property('now', '() => number', 'Clock in epoch milliseconds (default `Date.now`).'),
    property('sleep', 'Sleep', 'How to wait for a quota reset (default `setTimeout`).'),
  ];
  return { kind: StructureKind.Interface, name: c.rest.clientOptions, isExported: true, docs: [`Options of ${c.rest.client}.`], properties };
}

const REQUIRED_CREDENTIAL = 'requiredCredential';
const FETCH_ACCESS_TOKEN = 'fetchAccessToken';

function tokenFunctions(c: Context, token: AccessTokenOperation): FunctionDeclarationStructure[] {
  const base = c.names.operationType(token.operation.id);
  const value = (name: string, required: boolean): string =>
    required ? `${REQUIRED_CREDENTIAL}(credentials, ${stringLiteral(name)})` : `credentials${propertyAccess(name)}`;
  const object = (entries: [string, string][]): string => `{ ${entries.map(([k, v]) => `${propertyKeyForLiteral(k)}: ${v}`).join(', ')} }`;
  const parts: [string, string][] = [['path', object(token.pathParams.map((p) => [p, value(p, true)]))]];
  if (token.operation.requestBody) parts.push(['body', object(token.bodyFields.map((f) => [f.name, value(f.name, f.required)]))]);
  const fetchToken: FunctionDeclarationStructure = {
    kind: StructureKind.Function,
    name: FETCH_ACCESS_TOKEN,
    isAsync: true,
    parameters: [
      { name: 'core', type: 'RestClientCore' },
      { name: 'credentials', type: c.credentials.length > 0 ? c.rest.credentials : 'Record<string, never>' },
    ],
    returnType: 'Promise<TokenGrant>',
    docs: [docText(`Obtains an access token with ${token.operation.id}: the operation that needs no credentials and answers a \`${token.tokenField}\`.`)!],
    statements: [
      `const request: T.${base}Request = ${object(parts)};`,
      `const answer = await core.call<T.${base}SuccessBody>(${member(c.rest.clientOperations, token.operation.id)}, request);`,
      `return readTokenGrant(answer, ${stringLiteral(token.tokenField)}, [${token.expiresAtFields.map(stringLiteral).join(', ')}]);`,
    ],
  };
  if (c.credentials.length === 0) return [fetchToken];
  const requiredCredential: FunctionDeclarationStructure = {
    kind: StructureKind.Function,
    name: REQUIRED_CREDENTIAL,
    typeParameters: [{ name: 'K', constraint: `keyof ${c.rest.credentials}` }],
    parameters: [
      { name: 'credentials', type: c.rest.credentials },
      { name: 'name', type: 'K' },
    ],
    returnType: `NonNullable<${c.rest.credentials}[K]>`,
    statements: [
      'const value = credentials[name];',
      'if (value === undefined || value === null) throw new TypeError(`credentials.${String(name)} is needed to obtain an access token`);',
      'return value;',
    ],
  };
  return [fetchToken, requiredCredential];
}

/** `.name` or `["name"]`, after an expression. */
function propertyAccess(name: string): string {
  return member('', name);
}

function clientClass(c: Context): ClassDeclarationStructure {
  const operations = [...c.ir.operations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const members = new NameScope(['constructor', ...operations.map((op) => c.names.operationMember(op.id))]);
  const lastRateLimit = members.claim('lastRateLimit');
  const methods: MethodDeclarationStructure[] = [];
  for (const op of operations) {
    methods.push(operationMethod(c, op));
    const list = listShape(c.ir, op);
    if (list) methods.push(listMethod(c, op, members.claim(`${c.names.operationMember(op.id)}All`), list.hasLimit));
  }
  return {
    kind: StructureKind.Class,
    name: c.rest.client,
    isExported: true,
    docs: [docText(`Typed client of ${c.ir.title} ${c.ir.version}: one method per operation, resolving to the success body and rejecting with ${c.rest.apiError} for an error answer.`)!],
    properties: [{ name: CORE, isReadonly: true, type: 'RestClientCore' }],
    ctors: [
      {
        parameters: [{ name: 'options', type: c.rest.clientOptions, ...(c.defaultBaseUrl === undefined ? {} : { initializer: '{}' }) }],
        statements: constructorStatements(c),
      },
    ],
    getAccessors: [
      {
        name: lastRateLimit,
        returnType: 'RateLimitState | undefined',
        docs: ['The quota reported by the most recent response that carried one.'],
        statements: [`return this.${CORE}.lastRateLimit;`],
      },
    ],
    methods,
  };
}

function constructorStatements(c: Context): string[] {
  const baseUrl = c.defaultBaseUrl === undefined ? 'options.baseUrl' : `options.baseUrl ?? ${stringLiteral(c.defaultBaseUrl)}`;
  const auth: string[] = [];
  if (c.tokenOperation) auth.push(`token: (core) => ${FETCH_ACCESS_TOKEN}(core, credentials)`, 'renewBeforeSeconds: options.renewBeforeSeconds');
  if (c.schemeCredentials.length > 0) {
    auth.push(`credentials: { ${c.schemeCredentials.map((name) => `${propertyKeyForLiteral(name)}: credentials${propertyAccess(name)}`).join(', ')} }`);
  }
  const settings = [
    `baseUrl: ${baseUrl}`,
    'fetch: options.fetch',
    'timeoutMs: options.timeoutMs',
    'headers: options.headers',
    'validateResponses: options.validateResponses',
    'retryOnRateLimit: options.retryOnRateLimit',
    'now: options.now',
    'sleep: options.sleep',
    ...(c.hasSchemes && auth.length > 0 ? [`auth: { ${auth.join(', ')} }`] : []),
  ];
  const credentials = c.credentials.length > 0 ? 'options.credentials ?? {}' : '{}';
  const needsCredentials = c.tokenOperation !== undefined || c.schemeCredentials.length > 0;
  return [
    ...(needsCredentials ? [`const credentials = ${credentials};`] : []),
    `this.${CORE} = new RestClientCore(${c.rest.clientApi}, {\n${settings.map((s) => `  ${s},`).join('\n')}\n});`,
  ];
}

/** Whether a request can be left out entirely: nothing in it is required. */
function requestOptional(op: IrOperation): boolean {
  return !op.parameters.some((p) => p.required) && !(op.requestBody?.required ?? false);
}

function operationDocs(op: IrOperation, lead?: string): JSDocStructure[] {
  const text = docText([lead, `${op.method.toUpperCase()} ${op.path}`, op.summary].filter((s) => s !== undefined).join('\n\n'));
  return [{ kind: StructureKind.JSDoc, description: text ?? '', tags: op.deprecated ? [{ kind: StructureKind.JSDocTag, tagName: 'deprecated' }] : [] }];
}

function requestParameter(c: Context, op: IrOperation) {
  const type = `T.${c.names.operationType(op.id)}Request`;
  return requestOptional(op) ? { name: 'request', type, initializer: '{ path: {} }' } : { name: 'request', type };
}

function operationMethod(c: Context, op: IrOperation): MethodDeclarationStructure {
  const success = `T.${c.names.operationType(op.id)}SuccessBody`;
  return {
    kind: StructureKind.Method,
    name: c.names.operationMember(op.id),
    isAsync: true,
    parameters: [requestParameter(c, op), { name: 'options', type: 'CallOptions', hasQuestionToken: true }],
    returnType: `Promise<${success}>`,
    docs: operationDocs(op),
    statements: [`return this.${CORE}.call<${success}>(${member(c.rest.clientOperations, op.id)}, request, options);`],
  };
}

function listMethod(c: Context, op: IrOperation, name: string, hasLimit: boolean): MethodDeclarationStructure {
  const base = c.names.operationType(op.id);
  const item = `T.${base}SuccessBody['objects'][number]`;
  const pageQuery = hasLimit
    ? '{ ...request.query, skip: page.skip, ...(page.limit === undefined ? {} : { limit: page.limit }) }'
    : '{ ...request.query, skip: page.skip }';
  const start = hasLimit ? '{ limit: request.query?.limit, skip: request.query?.skip }' : '{ skip: request.query?.skip }';
  return {
    kind: StructureKind.Method,
    name,
    isAsync: true,
    isGenerator: true,
    parameters: [requestParameter(c, op), { name: 'options', type: 'CallOptions', hasQuestionToken: true }],
    returnType: `AsyncGenerator<${item}, void, undefined>`,
    docs: operationDocs(op, `Every item of every page of ${c.names.operationMember(op.id)}, requested page by page from \`skip\` on.`),
    statements: [
      `yield* paginate<${item}>((page) => this.${c.names.operationMember(op.id)}({ ...request, query: ${pageQuery} }, options), ${start});`,
    ],
  };
}
