import { joinPointer } from '../load/pointer.js';
import type { SpecKind } from '../load/spec.js';
import { resolveObject } from './refs.js';
import { entriesOf, isRecord, type JsonObject } from './values.js';

/** Which JSON Schema variant a schema position holds; decides what normalisation it needs. */
export type SchemaDialect = 'openapi-3.0' | 'json-schema';

export type SchemaRootVisitor = (schema: unknown, pointer: string, dialect: SchemaDialect) => void;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Calls `visit` for every position of the document where the spec (not a schema) says "a schema
 * goes here": `components/schemas/*`, parameter and header `schema`, media-type `schema`, AsyncAPI
 * message `payload`/`headers`, … Nested subschemas are the visitor's business. Reference Objects
 * on the way (a parameter `$ref`, a message `$ref`) are followed, each object once, so cycles end.
 */
export function forEachSchemaRoot(document: JsonObject, kind: SpecKind, specVersion: string, visit: SchemaRootVisitor): void {
  const walk = new SpecWalk(document);
  if (kind === 'openapi') {
    const dialect: SchemaDialect = specVersion.startsWith('3.0') ? 'openapi-3.0' : 'json-schema';
    openApiRoots(walk, document, (schema, pointer) => visit(schema, pointer, dialect));
  } else {
    asyncApiRoots(walk, document, visit);
  }
}

/** Follows Reference Objects to the object they name and visits every object once. */
class SpecWalk {
  private readonly seen = new Set<object>();

  constructor(private readonly document: JsonObject) {}

  object(node: unknown, pointer: string, visit: (node: JsonObject, pointer: string) => void): void {
    const resolved = resolveObject(this.document, node, pointer);
    if (!resolved.ok || this.seen.has(resolved.node)) return;
    this.seen.add(resolved.node);
    visit(resolved.node, resolved.pointer);
  }

  values(map: unknown, pointer: string, visit: (node: JsonObject, pointer: string) => void): void {
    for (const [key, value] of entriesOf(map)) this.object(value, joinPointer(pointer, key), visit);
  }

  items(list: unknown, pointer: string, visit: (node: JsonObject, pointer: string) => void): void {
    if (Array.isArray(list)) list.forEach((item, index) => this.object(item, joinPointer(pointer, index), visit));
  }
}

/* --------------------------------- OpenAPI --------------------------------- */

type Visit = (schema: unknown, pointer: string) => void;

function openApiRoots(walk: SpecWalk, document: JsonObject, schema: Visit): void {
  const mediaMap = (content: unknown, pointer: string): void =>
    walk.values(content, pointer, (media, at) => {
      if ('schema' in media) schema(media.schema, joinPointer(at, 'schema'));
      for (const [name, encoding] of entriesOf(media.encoding)) {
        if (isRecord(encoding)) walk.values(encoding.headers, joinPointer(at, 'encoding', name, 'headers'), parameterLike);
      }
    });
  // Parameters and headers share their schema positions: `schema`, or `content/*/schema`.
  const parameterLike = (node: JsonObject, pointer: string): void => {
    if ('schema' in node) schema(node.schema, joinPointer(pointer, 'schema'));
    mediaMap(node.content, joinPointer(pointer, 'content'));
  };
  const requestBody = (node: JsonObject, pointer: string): void => mediaMap(node.content, joinPointer(pointer, 'content'));
  const response = (node: JsonObject, pointer: string): void => {
    walk.values(node.headers, joinPointer(pointer, 'headers'), parameterLike);
    mediaMap(node.content, joinPointer(pointer, 'content'));
  };
  const callback = (node: JsonObject, pointer: string): void => walk.values(node, pointer, pathItem);
  const operation = (node: JsonObject, pointer: string): void => {
    walk.items(node.parameters, joinPointer(pointer, 'parameters'), parameterLike);
    if ('requestBody' in node) walk.object(node.requestBody, joinPointer(pointer, 'requestBody'), requestBody);
    walk.values(node.responses, joinPointer(pointer, 'responses'), response);
    walk.values(node.callbacks, joinPointer(pointer, 'callbacks'), callback);
  };
  function pathItem(node: JsonObject, pointer: string): void {
    walk.items(node.parameters, joinPointer(pointer, 'parameters'), parameterLike);
    for (const method of HTTP_METHODS) {
      if (method in node) walk.object(node[method], joinPointer(pointer, method), operation);
    }
  }

  walk.values(document.paths, '/paths', pathItem);
  walk.values(document.webhooks, '/webhooks', pathItem);
  const components = isRecord(document.components) ? document.components : {};
  for (const [name, value] of entriesOf(components.schemas)) schema(value, joinPointer('/components/schemas', name));
  walk.values(components.parameters, '/components/parameters', parameterLike);
  walk.values(components.headers, '/components/headers', parameterLike);
  walk.values(components.requestBodies, '/components/requestBodies', requestBody);
  walk.values(components.responses, '/components/responses', response);
  walk.values(components.callbacks, '/components/callbacks', callback);
  walk.values(components.pathItems, '/components/pathItems', pathItem);
}

/* -------------------------------- AsyncAPI --------------------------------- */

/**
 * AsyncAPI's Multi Format Schema Object `{schemaFormat, schema}` wraps a schema of another format.
 * JSON Schema, AsyncAPI Schema and OpenAPI 3.0 Schema formats are understood; others (Avro,
 * RAML, …) are not schemas this toolkit can normalise and are left alone.
 */
export function dialectOfSchemaFormat(format: string): SchemaDialect | undefined {
  if (/^application\/vnd\.oai\.openapi/i.test(format)) return 'openapi-3.0';
  if (/^application\/(vnd\.aai\.asyncapi|schema)([+;]|$)/i.test(format)) return 'json-schema';
  return undefined;
}

/** Is this node a Multi Format Schema Object rather than a schema? */
export function isMultiFormatSchema(node: unknown): node is JsonObject & { schemaFormat: string } {
  return isRecord(node) && typeof node.schemaFormat === 'string' && 'schema' in node;
}

function asyncApiRoots(walk: SpecWalk, document: JsonObject, visit: SchemaRootVisitor): void {
  const schemaOrMultiFormat = (node: unknown, pointer: string): void => {
    if (!isMultiFormatSchema(node)) return visit(node, pointer, 'json-schema');
    const dialect = dialectOfSchemaFormat(node.schemaFormat);
    if (dialect) visit(node.schema, joinPointer(pointer, 'schema'), dialect);
  };
  const messageTrait = (node: JsonObject, pointer: string): void => {
    if ('headers' in node) schemaOrMultiFormat(node.headers, joinPointer(pointer, 'headers'));
  };
  const message = (node: JsonObject, pointer: string): void => {
    if ('payload' in node) schemaOrMultiFormat(node.payload, joinPointer(pointer, 'payload'));
    messageTrait(node, pointer);
    walk.items(node.traits, joinPointer(pointer, 'traits'), messageTrait);
  };
  // AsyncAPI 3 parameters are not schemas; 2.x-style `schema` members still are.
  const parameter = (node: JsonObject, pointer: string): void => {
    if ('schema' in node) visit(node.schema, joinPointer(pointer, 'schema'), 'json-schema');
  };
  const channel = (node: JsonObject, pointer: string): void => {
    walk.values(node.messages, joinPointer(pointer, 'messages'), message);
    walk.values(node.parameters, joinPointer(pointer, 'parameters'), parameter);
  };
  const reply = (node: JsonObject, pointer: string): void => walk.items(node.messages, joinPointer(pointer, 'messages'), message);
  const operation = (node: JsonObject, pointer: string): void => {
    walk.items(node.messages, joinPointer(pointer, 'messages'), message);
    if ('reply' in node) walk.object(node.reply, joinPointer(pointer, 'reply'), reply);
  };

  walk.values(document.channels, '/channels', channel);
  walk.values(document.operations, '/operations', operation);
  const components = isRecord(document.components) ? document.components : {};
  for (const [name, value] of entriesOf(components.schemas)) schemaOrMultiFormat(value, joinPointer('/components/schemas', name));
  walk.values(components.messages, '/components/messages', message);
  walk.values(components.messageTraits, '/components/messageTraits', messageTrait);
  walk.values(components.channels, '/components/channels', channel);
  walk.values(components.operations, '/components/operations', operation);
  walk.values(components.replies, '/components/replies', reply);
  walk.values(components.parameters, '/components/parameters', parameter);
}
