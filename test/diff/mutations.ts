import { refPointer } from '../../generator/ir/refs.js';
import type { IrSpec } from '../../generator/ir/types.js';
import { getAt, joinPointer, parsePointer } from '../../generator/load/pointer.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** One breaking (or at least reportable) edit of a spec document, and the change the diff must report. */
export interface Mutation {
  kind: string;
  /** What was changed, for the failure message. */
  target: string;
  apply(document: Json): void;
  expect: { id: string; level: 'breaking' | 'warning' | 'info'; direction?: 'request' | 'response' };
}

const at = (document: Json, pointer: string): Json => {
  const node = getAt(document, pointer);
  if (!isObject(node)) throw new Error(`no object at ${pointer}`);
  return node;
};

/* ------------------------- schema groups (test's own walk) ------------------------ */

/** The schema nodes a value must satisfy together: the pointers given, their `$ref` targets and `allOf` parts. */
function conjuncts(document: Json, pointers: readonly string[]): { pointer: string; node: Json }[] {
  const found: { pointer: string; node: Json }[] = [];
  const seen = new Set<string>();
  const visit = (pointer: string): void => {
    const node = getAt(document, pointer);
    if (seen.has(pointer) || !isObject(node)) return;
    seen.add(pointer);
    found.push({ pointer, node });
    const target = typeof node.$ref === 'string' ? refPointer(node.$ref) : undefined;
    if (target !== undefined) visit(target);
    if (Array.isArray(node.allOf)) node.allOf.forEach((_, i) => visit(joinPointer(pointer, 'allOf', i)));
  };
  pointers.forEach(visit);
  return found;
}

/** A schema as the parts that must hold together, with a property name → its defining parents. */
export interface SchemaGroup {
  parts: { pointer: string; node: Json }[];
  properties: Map<string, string[]>;
}

/** Every schema group reachable from `roots` through properties, items, options, map values and then/else. */
export function schemaGroups(document: Json, roots: readonly string[]): SchemaGroup[] {
  const groups: SchemaGroup[] = [];
  const seen = new Set<string>();
  const walk = (pointers: readonly string[]): void => {
    const parts = conjuncts(document, pointers);
    const key = JSON.stringify(parts.map((p) => p.pointer));
    if (parts.length === 0 || seen.has(key)) return;
    seen.add(key);
    const properties = new Map<string, string[]>();
    for (const { pointer, node } of parts) {
      if (isObject(node.properties)) for (const name of Object.keys(node.properties)) properties.set(name, [...(properties.get(name) ?? []), pointer]);
    }
    groups.push({ parts, properties });
    for (const [name, parents] of properties) walk(parents.map((p) => joinPointer(p, 'properties', name)));
    for (const keyword of ['items', 'additionalProperties', 'then', 'else'] as const) {
      const holders = parts.filter((p) => isObject(p.node[keyword]));
      if (holders.length > 0) walk(holders.map((p) => joinPointer(p.pointer, keyword)));
    }
    for (const { pointer, node } of parts) {
      for (const keyword of ['oneOf', 'anyOf'] as const) {
        const options = node[keyword];
        if (Array.isArray(options)) options.forEach((_, i) => walk([joinPointer(pointer, keyword, i)]));
      }
    }
  };
  for (const root of roots) walk([root]);
  return groups;
}

/* ------------------------------- mutation kinds ------------------------------------ */

function requestRoots(ir: IrSpec): string[] {
  if (ir.kind === 'asyncapi') return ir.methods.map((m) => m.request.payload.pointer);
  return ir.operations.flatMap((op) => [
    ...op.parameters.flatMap((p) => (p.schema ? [p.schema.pointer] : [])),
    ...(op.requestBody?.contents ?? []).flatMap((m) => (m.schema ? [m.schema.pointer] : [])),
  ]);
}

function responseRoots(ir: IrSpec): string[] {
  if (ir.kind === 'asyncapi') return ir.methods.map((m) => m.reply.payload.pointer);
  return ir.operations.flatMap((op) => op.responses.flatMap((r) => r.contents.flatMap((m) => (m.schema ? [m.schema.pointer] : []))));
}

/** A property defined by exactly one part of its schema: deleting it there deletes it. */
function removeProperty(document: Json, groups: SchemaGroup[], kind: string, expectId: string): Mutation[] {
  const mutations: Mutation[] = [];
  for (const group of groups) {
    for (const [name, parents] of group.properties) {
      const parent = parents[0]!;
      const definition = getAt(document, joinPointer(parent, 'properties', name));
      if (parents.length !== 1 || (isObject(definition) && definition.writeOnly === true)) continue;
      mutations.push({
        kind,
        target: joinPointer(parent, 'properties', name),
        apply(doc) {
          const node = at(doc, parent);
          delete (node.properties as Json)[name];
          if (Array.isArray(node.required)) node.required = node.required.filter((n) => n !== name);
        },
        expect: { id: expectId, level: 'breaking', direction: 'response' },
      });
    }
  }
  return mutations;
}

function removeRequestEnumValue(groups: SchemaGroup[]): Mutation[] {
  return groups.flatMap((group) =>
    group.parts.flatMap(({ pointer, node }) =>
      Array.isArray(node.enum) && node.enum.length >= 2
        ? node.enum.map((value, index) => ({
            kind: 'remove request enum value',
            target: `${pointer}/enum/${index} (${JSON.stringify(value)})`,
            apply(doc: Json) {
              (at(doc, pointer).enum as unknown[]).splice(index, 1);
            },
            expect: { id: 'enum-value-removed', level: 'breaking' as const, direction: 'request' as const },
          }))
        : [],
    ),
  );
}

/** A string anywhere in a request gets a smaller maxLength (or one where it had none). */
function narrowRequestMaxLength(groups: SchemaGroup[]): Mutation[] {
  const mutations: Mutation[] = [];
  for (const group of groups) {
    const isString = group.parts.some(({ node }) => node.type === 'string' || (Array.isArray(node.type) && node.type.includes('string')));
    const hasValues = group.parts.some(({ node }) => 'enum' in node || 'const' in node);
    const limits = group.parts.map(({ node }) => node.maxLength).filter((v): v is number => typeof v === 'number');
    const current = limits.length > 0 ? Math.min(...limits) : 65;
    const first = group.parts.find(({ node }) => !('$ref' in node)) ?? group.parts[0]!;
    if (!isString || hasValues || current < 1) continue;
    mutations.push({
      kind: 'narrow request maxLength',
      target: `${first.pointer}/maxLength = ${current - 1}`,
      apply(doc) {
        at(doc, first.pointer).maxLength = current - 1;
      },
      expect: { id: 'max-length-decreased', level: 'breaking', direction: 'request' },
    });
  }
  return mutations;
}

/** An object in a request that accepts undeclared properties stops accepting them. */
function closeRequestObject(groups: SchemaGroup[]): Mutation[] {
  const mutations: Mutation[] = [];
  for (const group of groups) {
    const isObject = group.parts.some(({ node }) => node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object')));
    const closed = group.parts.some(({ node }) => node.additionalProperties === false || node.unevaluatedProperties === false);
    const first = group.parts.find(({ node }) => !('$ref' in node)) ?? group.parts[0]!;
    if (!isObject || closed || group.properties.size === 0) continue;
    mutations.push({
      kind: 'close request object',
      target: `${first.pointer}/additionalProperties = false`,
      apply(doc) {
        at(doc, first.pointer).additionalProperties = false;
      },
      expect: { id: 'additional-properties-closed', level: 'breaking', direction: 'request' },
    });
  }
  return mutations;
}

function requireRequestProperty(groups: SchemaGroup[]): Mutation[] {
  const mutations: Mutation[] = [];
  for (const group of groups) {
    const required = new Set(group.parts.flatMap(({ node }) => (Array.isArray(node.required) ? node.required : [])));
    for (const [name, parents] of group.properties) {
      if (required.has(name)) continue;
      const parent = parents[0]!;
      mutations.push({
        kind: 'require optional request property',
        target: `${parent} required += ${name}`,
        apply(doc) {
          const node = at(doc, parent);
          node.required = [...(Array.isArray(node.required) ? node.required : []), name];
        },
        expect: { id: 'property-became-required', level: 'breaking', direction: 'request' },
      });
    }
  }
  return mutations;
}

function removeErrorCode(document: Json): Mutation[] {
  const list = Array.isArray(document['x-error-codes']) ? (document['x-error-codes'] as unknown[]) : [];
  const codes = list.map((entry) => (isObject(entry) ? entry.code : undefined));
  return codes.flatMap((code, index) =>
    codes.indexOf(code) === codes.lastIndexOf(code)
      ? [
          {
            kind: 'remove error code',
            target: `x-error-codes/${index} (${String(code)})`,
            apply(doc: Json) {
              (doc['x-error-codes'] as unknown[]).splice(index, 1);
            },
            expect: { id: 'error-code-removed', level: 'breaking' as const },
          },
        ]
      : [],
  );
}

/** Breaking edits of an OpenAPI spec, one per target. */
export function openApiMutations(ir: IrSpec, document: Json): Mutation[] {
  const request = schemaGroups(document, requestRoots(ir));
  const response = schemaGroups(document, responseRoots(ir));
  const mutations: Mutation[] = [];
  for (const op of ir.operations) {
    const [, , path, method] = ['', ...parsePointer(op.location.pointer)] as [string, string, string, string];
    mutations.push({
      kind: 'remove operation',
      target: op.id,
      apply(doc) {
        delete at(doc, joinPointer('/paths', path))[method];
      },
      expect: { id: 'operation-removed', level: 'breaking' },
    });
    mutations.push({
      kind: 'change path',
      target: `${op.id} → /v2${path}`,
      apply(doc) {
        const paths = at(doc, '/paths');
        const item = at(doc, joinPointer('/paths', path));
        paths[`/v2${path}`] = { ...(item.parameters ? { parameters: item.parameters } : {}), [method]: item[method] };
        delete item[method];
      },
      expect: { id: 'path-changed', level: 'breaking' },
    });
    mutations.push({
      kind: 'add security requirement',
      target: op.id,
      apply(doc) {
        const schemes = at(doc, '/components/securitySchemes');
        schemes.ExtraKey = { type: 'apiKey', in: 'header', name: 'X-Extra-Key' };
        const alternatives = op.security.length > 0 ? op.security : [[]];
        at(doc, op.location.pointer).security = alternatives.map((set) => Object.fromEntries([...set, 'ExtraKey'].map((s) => [s, []])));
      },
      expect: { id: 'security-requirement-added', level: 'breaking' },
    });
    for (const parameter of op.parameters.filter((p) => !p.required)) {
      mutations.push({
        kind: 'make optional parameter required',
        target: `${op.id} ${parameter.in} ${parameter.name}`,
        apply(doc) {
          at(doc, parameter.location.pointer).required = true;
        },
        expect: { id: 'parameter-became-required', level: 'breaking' },
      });
    }
  }
  mutations.push(...removeRequestEnumValue(request), ...narrowRequestMaxLength(request), ...requireRequestProperty(request), ...closeRequestObject(request));
  mutations.push(...removeProperty(document, response, 'remove response property', 'property-removed'), ...removeErrorCode(document));
  return mutations;
}

/** Breaking (or, for QoS, warning) edits of an AsyncAPI request/reply spec. */
export function asyncApiMutations(ir: IrSpec, document: Json): Mutation[] {
  const request = schemaGroups(document, requestRoots(ir));
  const response = schemaGroups(document, responseRoots(ir));
  const mutations: Mutation[] = [];
  for (const method of ir.methods) {
    const operation = method.location.pointer;
    mutations.push({
      kind: 'remove method',
      target: method.name,
      apply(doc) {
        delete at(doc, '/operations')[method.operationId];
      },
      expect: { id: 'method-removed', level: 'breaking' },
    });
    mutations.push({
      kind: 'change correlation',
      target: method.name,
      apply(doc) {
        at(doc, operation)['x-correlation-fields'] = method.correlation.fields.length > 1 ? method.correlation.fields.slice(0, 1) : ['correlation'];
      },
      expect: { id: 'correlation-changed', level: 'breaking' },
    });
    for (const part of ['request', 'reply', 'subscribe'] as const) {
      const qos = method.qos[part];
      if (qos === 0) continue;
      mutations.push({
        kind: 'lower QoS',
        target: `${method.name} ${part} ${qos} → ${qos - 1}`,
        apply(doc) {
          const node = at(doc, operation);
          node['x-qos'] = { ...(isObject(node['x-qos']) ? node['x-qos'] : {}), [part]: qos - 1 };
          const binding = getAt(doc, joinPointer(operation, 'bindings', 'mqtt'));
          if (part === 'request' && isObject(binding)) binding.qos = qos - 1;
        },
        expect: { id: 'qos-lowered', level: 'warning' },
      });
    }
  }
  for (const [id, channel] of Object.entries(at(document, '/channels'))) {
    if (!isObject(channel) || typeof channel.address !== 'string') continue;
    mutations.push({
      kind: 'change channel address',
      target: `${id}: ${channel.address}/v2`,
      apply(doc) {
        at(doc, joinPointer('/channels', id)).address = `${channel.address}/v2`;
      },
      expect: { id: 'channel-address-changed', level: 'breaking' },
    });
  }
  mutations.push(...narrowRequestMaxLength(request), ...requireRequestProperty(request), ...removeRequestEnumValue(request), ...closeRequestObject(request));
  mutations.push(...removeProperty(document, response, 'remove reply field', 'reply-field-removed'), ...removeErrorCode(document));
  return mutations;
}
