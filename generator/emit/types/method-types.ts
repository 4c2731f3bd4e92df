import {
  StructureKind,
  type InterfaceDeclarationStructure,
  type PropertySignatureStructure,
  type TypeAliasDeclarationStructure,
} from 'ts-morph';
import type { IrMethod } from '../../ir/types.js';
import { getAt, joinPointer } from '../../load/pointer.js';
import { propertyKey } from '../shared/escape.js';
import type { SpecNames } from '../shared/spec-names.js';
import { docFrom } from './docs.js';
import { isSchemaObject, refTarget, type SchemaTypes } from './schema-type.js';
import { typeAlias } from './statements.js';
import { ANY_OBJECT, intersection, objectType, ref, union, type TsType } from './type-text.js';

/** `<M>Request`, `<M>RequestData`, `<M>Reply`, `<M>ReplyOutput` for one MQTT method. */
export function methodTypes(
  method: IrMethod,
  names: SpecNames,
  schemas: SchemaTypes,
  document: unknown,
): TypeAliasDeclarationStructure[] {
  const base = names.methodType(method.name);
  const request = method.request.payload.pointer;
  const reply = method.reply.payload.pointer;
  const requestData = propertySchemas(document, request, 'data');
  const replyOutputs = propertySchemas(document, reply, 'data').flatMap((data) => propertySchemas(document, data, 'output'));
  return [
    typeAlias(`${base}Request`, schemas.typeAt(request), docFrom([method.summary, method.description]), true),
    typeAlias(
      `${base}RequestData`,
      combine(requestData.map((p) => schemas.typeAt(p))),
      docFrom([`The request \`data\` of \`${method.name}\`.`]),
    ),
    typeAlias(`${base}Reply`, schemas.typeAt(reply), docFrom([method.reply.title, method.reply.summary])),
    typeAlias(
      `${base}ReplyOutput`,
      combine(replyOutputs.map((p) => successType(p, schemas))),
      docFrom([`The reply \`data.output\` of \`${method.name}\` on success.`]),
    ),
  ];
}

/** `export interface Methods { '<method>': { request; data; reply; output } }`. */
export function methodsInterface(methods: readonly IrMethod[], names: SpecNames): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name: 'Methods',
    isExported: true,
    properties: methods.map((method): PropertySignatureStructure => {
      const base = names.methodType(method.name);
      const doc = docFrom([method.summary]);
      return {
        kind: StructureKind.PropertySignature,
        name: propertyKey(method.name),
        type: objectType(
          [
            { name: 'request', type: ref(`${base}Request`), optional: false },
            { name: 'data', type: ref(`${base}RequestData`), optional: false },
            { name: 'reply', type: ref(`${base}Reply`), optional: false },
            { name: 'output', type: ref(`${base}ReplyOutput`), optional: false },
          ],
          { inline: true },
        ).text,
        ...(doc === undefined ? {} : { docs: [doc] }),
      };
    }),
  };
}

/**
 * Pointers of every schema the object at `pointer` gives its property `name`, through `$ref`
 * and `allOf` (an envelope usually says `data: object` and each message pins the real schema).
 */
function propertySchemas(document: unknown, pointer: string, name: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (at: string): void => {
    if (seen.has(at)) return;
    seen.add(at);
    const schema = getAt(document, at);
    if (!isSchemaObject(schema)) return;
    const target = refTarget(schema);
    if (target !== undefined) visit(target);
    if (isSchemaObject(schema.properties) && Object.prototype.hasOwnProperty.call(schema.properties, name)) {
      found.push(joinPointer(at, 'properties', name));
    }
    if (Array.isArray(schema.allOf)) schema.allOf.forEach((_, i) => visit(joinPointer(at, 'allOf', i)));
  };
  visit(pointer);
  return found;
}

/** All the constraints on one property at once, leaving out the generic "any object" of an envelope. */
function combine(types: readonly TsType[]): TsType {
  const specific = types.filter((t) => t.text !== ANY_OBJECT.text);
  return intersection(specific.length > 0 ? specific : types);
}

/**
 * A reply's `output` is often `oneOf: [<typed output>, <error message string>]`: on success
 * it is the typed output, so the string branches are left out. Without such a choice the
 * output's whole type is kept.
 */
function successType(pointer: string, schemas: SchemaTypes): TsType {
  const resolved = schemas.resolve(pointer);
  if (!isSchemaObject(resolved.schema)) return schemas.typeAt(pointer);
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = resolved.schema[keyword];
    if (!Array.isArray(branches)) continue;
    const typed = branches
      .map((_, i) => joinPointer(resolved.pointer, keyword, i))
      .filter((branch) => !isText(schemas.resolve(branch).schema));
    if (typed.length > 0 && typed.length < branches.length) return union(typed.map((b) => schemas.typeAt(b)));
  }
  return schemas.typeAt(pointer);
}

function isText(schema: unknown): boolean {
  return isSchemaObject(schema) && schema.type === 'string';
}
