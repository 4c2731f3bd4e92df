import type { Diagnostic } from './diagnostic.js';
import { diagnosticAt } from './located.js';
import { getAt, hasAt, joinPointer } from './pointer.js';
import { followRef } from './refs.js';
import type { SourceFile } from './source.js';
import { isPlainObject, type PlainObject } from './walk.js';

/** Rules the official OpenAPI schema cannot express: unique operationIds, path templates matching path parameters. */
export function checkOpenApiSemantics(document: unknown, source: SourceFile): Diagnostic[] {
  const operations = operationsOf(document);
  return [...duplicateOperationIds(operations, source), ...pathParameterMismatches(document, operations, source)];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Operation {
  /** The path template (`/a/{id}`), or the webhook name. */
  key: string;
  /** The path template for `paths`; undefined for webhooks. */
  template: string | undefined;
  method: string;
  /** Pointer of the operation (inside the path item the ref leads to). */
  pointer: string;
  node: PlainObject;
  /** Pointer of the path item holding it (after following a `$ref`). */
  pathItem: string;
}

function operationsOf(document: unknown): Operation[] {
  const operations: Operation[] = [];
  for (const [container, isPaths] of [['/paths', true], ['/webhooks', false]] as const) {
    const items = getAt(document, container);
    if (!isPlainObject(items)) continue;
    for (const key of Object.keys(items)) {
      const item = followRef(document, joinPointer(container, key));
      if (!item) continue;
      for (const method of METHODS) {
        const node = item.node[method];
        if (!isPlainObject(node)) continue;
        const pointer = joinPointer(item.pointer, method);
        operations.push({ key, template: isPaths ? key : undefined, method, pointer, node, pathItem: item.pointer });
      }
    }
  }
  return operations;
}

function duplicateOperationIds(operations: Operation[], source: SourceFile): Diagnostic[] {
  const first = new Map<string, Operation>();
  const diagnostics: Diagnostic[] = [];
  for (const operation of operations) {
    const id = operation.node.operationId;
    if (typeof id !== 'string') continue;
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, operation);
      continue;
    }
    const message = `operationId '${id}' is already used by ${describe(earlier)} (#${earlier.pointer})`;
    diagnostics.push(diagnosticAt(source, joinPointer(operation.pointer, 'operationId'), 'operation-id-duplicate', message));
  }
  return diagnostics;
}

interface Parameter {
  name: string;
  /** Where the parameter is listed (the `$ref` entry when it is one). */
  pointer: string;
}

function pathParameterMismatches(document: unknown, operations: Operation[], source: SourceFile): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const reportedUnused = new Set<string>();
  for (const operation of operations) {
    if (operation.template === undefined) continue;
    const templateNames = [...operation.template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
    const declared = pathParameters(document, operation);
    for (const name of new Set(templateNames)) {
      if (declared.some((p) => p.name === name)) continue;
      const message = `${describe(operation)}: path template parameter {${name}} has no parameter with in: path and name: ${name}`;
      diagnostics.push(diagnosticAt(source, operation.pointer, 'path-parameter-mismatch', message, { atKey: true }));
    }
    for (const parameter of declared) {
      if (templateNames.includes(parameter.name) || reportedUnused.has(parameter.pointer)) continue;
      reportedUnused.add(parameter.pointer);
      const message = `path parameter '${parameter.name}' does not appear in the path template ${operation.template}`;
      const nameAt = joinPointer(parameter.pointer, 'name');
      diagnostics.push(diagnosticAt(source, parameter.pointer, 'path-parameter-mismatch', message, hasAt(document, nameAt) ? { locateAt: nameAt } : {}));
    }
  }
  return diagnostics;
}

/** The operation's `in: path` parameters: its own, and the path item's ones it does not override. */
function pathParameters(document: unknown, operation: Operation): Parameter[] {
  const own = listed(document, joinPointer(operation.pointer, 'parameters'));
  const shared = listed(document, joinPointer(operation.pathItem, 'parameters'));
  const all = [...own, ...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in))];
  return all.filter((p) => p.in === 'path').map(({ name, pointer }) => ({ name, pointer }));
}

function listed(document: unknown, pointer: string): Array<Parameter & { in: unknown }> {
  const list = getAt(document, pointer);
  if (!Array.isArray(list)) return [];
  return list.flatMap((_, i) => {
    const at = joinPointer(pointer, i);
    const parameter = followRef(document, at)?.node;
    return parameter && typeof parameter.name === 'string' ? [{ name: parameter.name, in: parameter.in, pointer: at }] : [];
  });
}

function describe(operation: Operation): string {
  const where = operation.template ?? `webhook ${operation.key}`;
  return `${operation.method.toUpperCase()} ${where}`;
}
