import { StructureKind, VariableDeclarationKind, type FunctionDeclarationStructure, type VariableStatementStructure } from 'ts-morph';
import type { IrOperation, IrSpec } from '../../ir/types.js';
import { accessTokenOperation, clientSchemes, errorFields, errorRoles, successStatuses, type ClientScheme } from './api-facts.js';
import { Code, dataLiteral, member } from './literal.js';
import type { RestNames } from './rest-names.js';

/** `export const clientApi: ApiDescriptor = { securitySchemes, renewOnCodes, rateLimitCode, errorFields }`. */
export function clientApiStatement(ir: IrSpec, names: RestNames): VariableStatementStructure {
  const schemes = clientSchemes(ir, accessTokenOperation(ir));
  const roles = errorRoles(ir);
  const renewOnCodes = [roles.tokenInvalid, roles.tokenExpired].filter((c): c is number => c !== undefined);
  const descriptor = {
    securitySchemes: Object.fromEntries([...schemes].map(([name, scheme]) => [name, schemeDescriptor(scheme)])),
    renewOnCodes: renewOnCodes.length === 0 ? undefined : [...new Set(renewOnCodes)],
    rateLimitCode: roles.rateLimited,
    errorFields: errorFields(ir),
  };
  return exportedConst(names.clientApi, 'ApiDescriptor', dataLiteral(descriptor), 'What the spec says about the whole API: security schemes, token renewal and quota codes, error fields.');
}

function schemeDescriptor(scheme: ClientScheme): Record<string, unknown> {
  return {
    kind: scheme.kind,
    in: scheme.in,
    name: scheme.name,
    credential: scheme.kind === 'credential' ? scheme.credential : undefined,
    prefix: scheme.prefix,
  };
}

/** `export const clientOperations = { <id>: { id, method, path, security, successStatuses, responseValidators } }`. */
export function clientOperationsStatement(ir: IrSpec, names: RestNames, validators: string): VariableStatementStructure {
  const operations = [...ir.operations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const descriptor = Object.fromEntries(operations.map((op) => [op.id, operationDescriptor(op, validators)]));
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['Every operation as data: method, path template, security alternatives, success statuses and response validators.'],
    leadingTrivia: (writer) => writer.blankLineIfLastNot(),
    declarations: [{ name: names.clientOperations, initializer: `${dataLiteral(descriptor)} satisfies Readonly<Record<string, OperationDescriptor>>` }],
  };
}

function operationDescriptor(op: IrOperation, validators: string): Record<string, unknown> {
  return {
    id: op.id,
    method: op.method,
    path: op.path,
    security: op.security,
    successStatuses: successStatuses(op),
    responseValidators: new Code(`${RESPONSE_VALIDATORS_OF}(${member(validators, op.id)})`),
  };
}

/** Name of the helper that widens one operation's validators to the response validators a descriptor holds. */
export const RESPONSE_VALIDATORS_OF = 'responseValidatorsOf';

export function responseValidatorsOfFunction(): FunctionDeclarationStructure {
  return {
    kind: StructureKind.Function,
    name: RESPONSE_VALIDATORS_OF,
    parameters: [{ name: 'validators', type: 'OperationValidators' }],
    returnType: "OperationValidators['responses']",
    statements: ['return validators.responses;'],
  };
}

export function exportedConst(name: string, type: string, initializer: string, doc: string): VariableStatementStructure {
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [doc],
    declarations: [{ name, type, initializer }],
    leadingTrivia: (writer) => writer.blankLineIfLastNot(),
  };
}
