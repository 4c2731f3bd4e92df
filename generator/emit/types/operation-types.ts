import {
  StructureKind,
  type InterfaceDeclarationStructure,
  type PropertySignatureStructure,
  type TypeAliasDeclarationStructure,
} from 'ts-morph';
import type { IrMedia, IrOperation, IrParameter, ParameterLocation } from '../../ir/types.js';
import { propertyKey } from '../shared/escape.js';
import type { SpecNames } from '../shared/spec-names.js';
import { docFrom } from './docs.js';
import type { SchemaTypes } from './schema-type.js';
import { typeAlias } from './statements.js';
import { NO_KEYS, UNDEFINED, UNKNOWN, indexedAccess, objectType, ref, union, type TsType } from './type-text.js';

/** `<Op>PathParams` … `<Op>SuccessBody` for one REST operation. */
export function operationTypes(operation: IrOperation, names: SpecNames, schemas: SchemaTypes): TypeAliasDeclarationStructure[] {
  const base = names.operationType(operation.id);
  const parameters = (location: ParameterLocation): IrParameter[] => operation.parameters.filter((p) => p.in === location);
  const anyRequired = (location: ParameterLocation): boolean => parameters(location).some((p) => p.required);
  const body = operation.requestBody;
  const successes = operation.responses.filter((r) => r.status.startsWith('2'));

  return [
    typeAlias(`${base}PathParams`, parameterObject(parameters('path'), schemas), undefined, true),
    typeAlias(`${base}QueryParams`, parameterObject(parameters('query'), schemas)),
    typeAlias(`${base}HeaderParams`, parameterObject(parameters('header'), schemas)),
    typeAlias(`${base}RequestBody`, body ? mediaType(body.contents, schemas) : UNDEFINED, docFrom([body?.description])),
    typeAlias(
      `${base}Request`,
      objectType([
        { name: 'path', type: ref(`${base}PathParams`), optional: false },
        { name: 'query', type: ref(`${base}QueryParams`), optional: !anyRequired('query') },
        { name: 'headers', type: ref(`${base}HeaderParams`), optional: !anyRequired('header') },
        { name: 'body', type: ref(`${base}RequestBody`), optional: !(body?.required ?? false) },
      ]),
      docFrom([`${operation.method.toUpperCase()} ${operation.path}`, operation.summary, operation.description], operation.deprecated),
    ),
    typeAlias(
      `${base}Responses`,
      objectType(
        operation.responses.map((r) => ({
          name: r.status,
          type: r.contents.length === 0 ? UNDEFINED : mediaType(r.contents, schemas),
          optional: false,
          doc: docFrom([r.description]),
        })),
      ),
    ),
    typeAlias(
      `${base}SuccessBody`,
      successes.length === 0 ? UNDEFINED : union(successes.map((r) => indexedAccess(ref(`${base}Responses`), r.status))),
    ),
  ];
}

/** `export interface Operations { '<operationId>': { request; responses; success } }`. */
export function operationsInterface(operations: readonly IrOperation[], names: SpecNames): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name: 'Operations',
    isExported: true,
    properties: operations.map((operation): PropertySignatureStructure => {
      const base = names.operationType(operation.id);
      const doc = docFrom([operation.summary], operation.deprecated);
      return {
        kind: StructureKind.PropertySignature,
        name: propertyKey(operation.id),
        type: objectType(
          [
            { name: 'request', type: ref(`${base}Request`), optional: false },
            { name: 'responses', type: ref(`${base}Responses`), optional: false },
            { name: 'success', type: ref(`${base}SuccessBody`), optional: false },
          ],
          { inline: true },
        ).text,
        ...(doc === undefined ? {} : { docs: [doc] }),
      };
    }),
  };
}

/** Parameters keyed by their names as the spec writes them. */
function parameterObject(parameters: readonly IrParameter[], schemas: SchemaTypes): TsType {
  if (parameters.length === 0) return NO_KEYS;
  return objectType(
    parameters.map((p) => ({
      name: p.name,
      type: p.schema ? schemas.typeAt(p.schema.pointer) : UNKNOWN,
      optional: !p.required,
      doc: docFrom([p.description], p.deprecated),
    })),
  );
}

/** A body that may come in several content types is any of their schemas. */
function mediaType(contents: readonly IrMedia[], schemas: SchemaTypes): TsType {
  if (contents.length === 0) return UNKNOWN;
  return union(contents.map((m) => (m.schema ? schemas.typeAt(m.schema.pointer) : UNKNOWN)));
}
