import type { Diagnostic } from './diagnostic.js';
import { DocumentSchemas, type SchemaDialect } from './document-schemas.js';
import { diagnosticAt } from './located.js';
import { getAt, joinPointer } from './pointer.js';
import { followRef } from './refs.js';
import type { SourceFile } from './source.js';
import { isPlainObject, refOf, visitStructure, type PlainObject } from './walk.js';

/** An example value to check against the schema at `schema`. */
interface ExampleUse {
  schema: string;
  /** Pointer of the example value. */
  value: string;
  /** Where a shared (`$ref`) example is used, when that is elsewhere. */
  usedAt?: string;
}

/**
 * Checks every example of a (bundled) spec document against its schema: OpenAPI parameter, header
 * and media-type `example`/`examples`, schema-level `example`/`examples`; AsyncAPI message example
 * payloads and headers and schema-level `examples`.
 */
export function checkExamples(document: unknown, dialect: SchemaDialect, source: SourceFile): Diagnostic[] {
  const uses = dialect === 'asyncapi' ? asyncApiExamples(document) : openApiExamples(document, dialect);
  if (uses.length === 0) return [];
  const schemas = new DocumentSchemas(document, dialect);
  const diagnostics: Diagnostic[] = [];
  const brokenSchemas = new Set<string>();
  for (const use of uses) {
    const result = schemas.check(use.schema, getAt(document, use.value));
    if ('compileError' in result) {
      if (!brokenSchemas.has(use.schema)) {
        brokenSchemas.add(use.schema);
        diagnostics.push(diagnosticAt(source, use.schema, 'schema-invalid', `schema cannot be used to check examples: ${result.compileError}`));
      }
      continue;
    }
    const usedAt = use.usedAt ? ` (used at #${use.usedAt})` : '';
    for (const finding of result.findings) {
      const at = finding.pointer === '' ? '' : `${finding.pointer} `;
      const message = `example does not match schema ${shownSchema(document, use.schema)}: ${at}${finding.message}${usedAt}`;
      diagnostics.push(diagnosticAt(source, use.value + finding.pointer, 'example-invalid', message, { atKey: finding.atKey }));
    }
  }
  return diagnostics;
}

/** A schema that is only a reference is best named by its target (`#/components/schemas/Pet`). */
function shownSchema(document: unknown, pointer: string): string {
  const ref = refOf(getAt(document, pointer));
  return ref?.startsWith('#') ? ref : `#${pointer}`;
}

function openApiExamples(document: unknown, dialect: SchemaDialect): ExampleUse[] {
  const uses = new ExampleUses();
  const schemaRoots: string[] = [];
  // Parameters, headers and media types: the objects with a `schema` and their own examples.
  visitStructure(document, (node, pointer, isNameMap) => {
    if (isNameMap || !isPlainObject(node.schema)) return;
    const schema = joinPointer(pointer, 'schema');
    schemaRoots.push(schema);
    if (Object.hasOwn(node, 'example')) uses.add({ schema, value: joinPointer(pointer, 'example') });
    if (!isPlainObject(node.examples)) return;
    for (const name of Object.keys(node.examples)) {
      const entry = joinPointer(pointer, 'examples', name);
      const example = followRef(document, entry);
      if (example === undefined || !Object.hasOwn(example.node, 'value')) continue;
      uses.add({ schema, value: joinPointer(example.pointer, 'value'), ...(example.pointer !== entry && { usedAt: entry }) });
    }
  });
  const components = getAt(document, '/components/schemas');
  if (isPlainObject(components)) for (const name of Object.keys(components)) schemaRoots.push(joinPointer('/components/schemas', name));
  const schemaExamples = dialect === 'openapi-3.1' ? ['example', 'examples'] : ['example'];
  for (const root of schemaRoots) visitSchemas(document, root, (pointer, schema) => uses.addSchemaExamples(pointer, schema, schemaExamples));
  return uses.list;
}

function asyncApiExamples(document: unknown): ExampleUse[] {
  const uses = new ExampleUses();
  const schemaRoots: string[] = [];
  const messages: string[] = [];
  for (const container of ['/components/messages', ...channelMessageMaps(document)]) {
    const map = getAt(document, container);
    if (isPlainObject(map)) for (const name of Object.keys(map)) messages.push(joinPointer(container, name));
  }
  for (const message of messages) {
    const node = getAt(document, message);
    if (!isPlainObject(node) || refOf(node) !== undefined) continue; // checked where it is defined
    const payload = jsonSchemaAt(document, joinPointer(message, 'payload'));
    const headers = jsonSchemaAt(document, joinPointer(message, 'headers'));
    schemaRoots.push(...[payload, headers].filter((p): p is string => p !== undefined));
    if (!Array.isArray(node.examples)) continue;
    node.examples.forEach((example, i) => {
      if (!isPlainObject(example)) return;
      const at = joinPointer(message, 'examples', i);
      if (payload !== undefined && Object.hasOwn(example, 'payload')) uses.add({ schema: payload, value: joinPointer(at, 'payload') });
      if (headers !== undefined && Object.hasOwn(example, 'headers')) uses.add({ schema: headers, value: joinPointer(at, 'headers') });
    });
  }
  const components = getAt(document, '/components/schemas');
  if (isPlainObject(components)) {
    for (const name of Object.keys(components)) {
      const root = jsonSchemaAt(document, joinPointer('/components/schemas', name));
      if (root !== undefined) schemaRoots.push(root);
    }
  }
  for (const root of schemaRoots) visitSchemas(document, root, (pointer, schema) => uses.addSchemaExamples(pointer, schema, ['examples']));
  return uses.list;
}

function channelMessageMaps(document: unknown): string[] {
  const channels = getAt(document, '/channels');
  return isPlainObject(channels) ? Object.keys(channels).map((name) => joinPointer('/channels', name, 'messages')) : [];
}

/** Schema formats that are JSON Schema (AsyncAPI's default format is a superset of draft-07). */
const JSON_SCHEMA_FORMAT = /^application\/(vnd\.aai\.asyncapi|schema)(\+(json|yaml))?(;|$)/;

/**
 * The pointer of the JSON Schema at `pointer` (an AsyncAPI Schema or Multi Format Schema Object),
 * or undefined when there is none or it is in another schema format (Avro, RAML…).
 */
function jsonSchemaAt(document: unknown, pointer: string): string | undefined {
  const node = getAt(document, pointer);
  if (typeof node === 'boolean') return pointer;
  if (!isPlainObject(node)) return undefined;
  if (typeof node.schemaFormat !== 'string') return pointer;
  return JSON_SCHEMA_FORMAT.test(node.schemaFormat) && Object.hasOwn(node, 'schema') ? joinPointer(pointer, 'schema') : undefined;
}

const SUBSCHEMA = ['additionalProperties', 'unevaluatedProperties', 'items', 'additionalItems', 'unevaluatedItems', 'contains', 'propertyNames', 'not', 'if', 'then', 'else'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'];

/** Visits the schema at `pointer` and its subschemas (not the targets of its refs: they are visited where defined). */
function visitSchemas(document: unknown, pointer: string, visit: (pointer: string, schema: PlainObject) => void, seen = new Set<string>()): void {
  const schema = getAt(document, pointer);
  if (!isPlainObject(schema) || seen.has(pointer)) return;
  seen.add(pointer);
  visit(pointer, schema);
  for (const key of SUBSCHEMA) if (isPlainObject(schema[key])) visitSchemas(document, joinPointer(pointer, key), visit, seen);
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((_, i) => visitSchemas(document, joinPointer(pointer, key, i), visit, seen));
  }
  for (const key of SUBSCHEMA_MAPS) {
    const map = schema[key];
    if (isPlainObject(map)) for (const name of Object.keys(map)) visitSchemas(document, joinPointer(pointer, key, name), visit, seen);
  }
}

/** Example uses without duplicates (a schema reached from two places is checked once). */
class ExampleUses {
  readonly list: ExampleUse[] = [];
  private readonly keys = new Set<string>();

  add(use: ExampleUse): void {
    const key = `${use.schema}\n${use.value}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.list.push(use);
  }

  /** `example` (a value) and `examples` (a list of values) written on the schema itself. */
  addSchemaExamples(pointer: string, schema: PlainObject, keywords: string[]): void {
    if (keywords.includes('example') && Object.hasOwn(schema, 'example')) this.add({ schema: pointer, value: joinPointer(pointer, 'example') });
    if (keywords.includes('examples') && Array.isArray(schema.examples)) {
      schema.examples.forEach((_, i) => this.add({ schema: pointer, value: joinPointer(pointer, 'examples', i) }));
    }
  }
}
