import type { Diagnostic } from '../load/diagnostic.js';
import { joinPointer } from '../load/pointer.js';
import type { LoadedSpec } from '../load/spec.js';
import { specHeader, startIr } from './build-common.js';
import { buildNamedSchemas, buildSecuritySchemes, protocolOf, substituteServerVariables } from './components.js';
import { IrContext } from './context.js';
import { ErrorCatalogue } from './error-catalogue.js';
import { refPointer } from './refs.js';
import type {
  HttpMethod,
  IrExample,
  IrHeader,
  IrLink,
  IrMedia,
  IrOperation,
  IrParameter,
  IrRequestBody,
  IrResponse,
  IrSchemaRef,
  IrServer,
  IrSpec,
  ParameterLocation,
} from './types.js';
import {
  booleanOf,
  compact,
  compareStrings,
  entriesOf,
  extensionsOf,
  isRecord,
  stringOf,
  type JsonObject,
} from './values.js';

const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PARAMETER_LOCATIONS: readonly ParameterLocation[] = ['path', 'query', 'header', 'cookie'];

/**
 * OpenAPI 3.0/3.1 → IR. Webhooks and callbacks describe requests the API *sends*; they are not
 * client operations and stay out of `operations` (their schemas are still normalised in `document`).
 */
export function buildOpenApiIr(loaded: LoadedSpec, diagnostics: Diagnostic[] = []): IrSpec {
  const { document, ctx, components, catalogue } = startIr(loaded, 'openapi', diagnostics, true);
  const operations = buildOperations(ctx, catalogue);
  return compact({
    ...specHeader(loaded, 'openapi', document),
    schemas: buildNamedSchemas(ctx, components.schemas, '/components/schemas', false),
    servers: buildServers(document.servers),
    securitySchemes: buildSecuritySchemes(ctx, components.securitySchemes, '/components/securitySchemes', catalogue),
    errorCatalogue: catalogue.entries(),
    operations,
    methods: [],
    location: ctx.locate(''),
  });
}

/** Absent or empty `servers` means one server at `/` (OpenAPI 3, "Fixed Fields" of the root). */
function buildServers(servers: unknown): IrServer[] {
  const built: IrServer[] = [];
  for (const server of Array.isArray(servers) ? servers : []) {
    const template = isRecord(server) ? stringOf(server.url) : undefined;
    if (!isRecord(server) || template === undefined) continue;
    const url = substituteServerVariables(template, server.variables);
    built.push(compact({ url, protocol: protocolOf(url), description: stringOf(server.description) }));
  }
  return built.length > 0 ? built : [{ url: '/' }];
}

/* -------------------------------- Operations ------------------------------- */

/** One operation found under `paths`, with the path item it inherits parameters from. */
interface OperationSite {
  method: HttpMethod;
  path: string;
  node: JsonObject;
  pointer: string;
  pathItem: JsonObject;
  pathItemPointer: string;
  /** `/paths/<path>/<method>`, which differs from `pointer` when the path item is a `$ref`. */
  pathPointer: string;
}

/** Targets of links: operation ids, and operation pointers for `operationRef`. */
interface LinkTargets {
  ids: ReadonlySet<string>;
  byPointer: ReadonlyMap<string, string>;
}

function buildOperations(ctx: IrContext, catalogue: ErrorCatalogue): IrOperation[] {
  const sites = collectOperationSites(ctx);
  const ids = assignOperationIds(ctx, sites);
  const byPointer = new Map<string, string>();
  sites.forEach((site, index) => {
    byPointer.set(site.pathPointer, ids[index]!);
    byPointer.set(site.pointer, ids[index]!);
  });
  const targets: LinkTargets = { ids: new Set(ids), byPointer };
  const rootSecurity = securityRequirements(ctx.document.security);
  return sites
    .map((site, index) => buildOperation(ctx, site, ids[index]!, targets, rootSecurity, catalogue))
    .sort((a, b) => compareStrings(a.id, b.id));
}

function collectOperationSites(ctx: IrContext): OperationSite[] {
  const sites: OperationSite[] = [];
  for (const [path, item] of entriesOf(ctx.document.paths)) {
    if (path.startsWith('x-')) continue;
    const itemPointer = joinPointer('/paths', path);
    const pathItem = ctx.resolve(item, itemPointer, `path item ${path}`);
    if (!pathItem) continue;
    for (const method of HTTP_METHODS) {
      const node = pathItem.node[method];
      if (node === undefined) continue;
      const pointer = joinPointer(pathItem.pointer, method);
      if (!isRecord(node)) {
        ctx.report('error', 'ir-operation-invalid', `${method.toUpperCase()} ${path} is not an operation object`, pointer);
        continue;
      }
      sites.push({
        method,
        path,
        node,
        pointer,
        pathItem: pathItem.node,
        pathItemPointer: pathItem.pointer,
        pathPointer: joinPointer(itemPointer, method),
      });
    }
  }
  return sites;
}

/**
 * `operationId` where the spec has one; otherwise `<method>_<path>` made identifier-safe.
 * Explicit ids are claimed first so a generated id never takes a name the spec chose;
 * a clash gets `_2`, `_3`, … in document order.
 */
function assignOperationIds(ctx: IrContext, sites: OperationSite[]): string[] {
  const ids: (string | undefined)[] = new Array(sites.length);
  const taken = new Set<string>();
  sites.forEach((site, index) => {
    const explicit = stringOf(site.node.operationId);
    if (explicit === undefined || explicit === '') return;
    if (taken.has(explicit)) {
      ctx.report('error', 'ir-duplicate-operation-id', `operationId ${JSON.stringify(explicit)} is used more than once`, joinPointer(site.pointer, 'operationId'));
      return;
    }
    taken.add(explicit);
    ids[index] = explicit;
  });
  return sites.map((site, index) => {
    const assigned = ids[index];
    if (assigned !== undefined) return assigned;
    const base = stringOf(site.node.operationId) || fallbackOperationId(site.method, site.path);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    return id;
  });
}

/** `get` + `/v1/products/{product_key}/access_token` → `get_v1_products_product_key_access_token`. */
export function fallbackOperationId(method: HttpMethod, path: string): string {
  return `${method}_${path}`.replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+/g, '_').replace(/_$/, '');
}

function buildOperation(
  ctx: IrContext,
  site: OperationSite,
  id: string,
  targets: LinkTargets,
  rootSecurity: string[][] | undefined,
  catalogue: ErrorCatalogue,
): IrOperation {
  const { node, pointer } = site;
  const security = 'security' in node ? securityRequirements(node.security) : undefined;
  if ('security' in node && security === undefined) {
    ctx.report('error', 'ir-security-invalid', 'security must be a list of requirement objects', joinPointer(pointer, 'security'));
  }
  return compact({
    id,
    method: site.method,
    path: site.path,
    // Path-item summary and description apply to every operation of the path.
    summary: stringOf(node.summary) ?? stringOf(site.pathItem.summary),
    description: stringOf(node.description) ?? stringOf(site.pathItem.description),
    tags: Array.isArray(node.tags) ? node.tags.filter((tag): tag is string => typeof tag === 'string') : [],
    deprecated: node.deprecated === true,
    parameters: buildParameters(ctx, site),
    requestBody: 'requestBody' in node ? buildRequestBody(ctx, node.requestBody, joinPointer(pointer, 'requestBody')) : undefined,
    responses: buildResponses(ctx, node.responses, joinPointer(pointer, 'responses'), targets),
    security: (security ?? rootSecurity ?? []).map((requirement) => [...requirement]),
    errorCodes: catalogue.operationCodes(node['x-error-codes'], joinPointer(pointer, 'x-error-codes')),
    extensions: extensionsOf(node),
    location: ctx.locate(pointer),
  });
}

/** Security requirement objects → scheme names per alternative; `[]` stays `[]` (no auth). */
function securityRequirements(value: unknown): string[][] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((requirement) => Object.keys(requirement));
}

/* -------------------------------- Parameters ------------------------------- */

/** Path-item parameters overridden by operation parameters with the same name and location. */
function buildParameters(ctx: IrContext, site: OperationSite): IrParameter[] {
  const merged = new Map<string, IrParameter>();
  const add = (list: unknown, pointer: string): void => {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      ctx.report('error', 'ir-parameter-invalid', 'parameters must be a list', pointer);
      return;
    }
    list.forEach((item, index) => {
      const parameter = buildParameter(ctx, item, joinPointer(pointer, index));
      // Header names are case-insensitive in HTTP.
      if (parameter) merged.set(`${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`, parameter);
    });
  };
  add(site.pathItem.parameters, joinPointer(site.pathItemPointer, 'parameters'));
  add(site.node.parameters, joinPointer(site.pointer, 'parameters'));
  return [...merged.values()].sort(
    (a, b) => PARAMETER_LOCATIONS.indexOf(a.in) - PARAMETER_LOCATIONS.indexOf(b.in) || compareStrings(a.name, b.name),
  );
}

/** A parameter's location is its definition (the `$ref` target), where its name and schema live. */
function buildParameter(ctx: IrContext, item: unknown, pointer: string): IrParameter | undefined {
  const resolved = ctx.resolve(item, pointer, 'parameter');
  if (!resolved) return undefined;
  const { node } = resolved;
  const name = stringOf(node.name);
  const where = PARAMETER_LOCATIONS.find((location) => location === node.in);
  if (name === undefined || where === undefined) {
    ctx.report('error', 'ir-parameter-invalid', 'a parameter needs a name and in: path, query, header or cookie', resolved.pointer);
    return undefined;
  }
  return compact({
    name,
    in: where,
    // Path parameters are always required, whatever the spec says.
    required: where === 'path' || node.required === true,
    description: resolved.description ?? stringOf(node.description),
    deprecated: node.deprecated === true,
    schema: schemaOfParameterLike(ctx, node, resolved.pointer),
    style: stringOf(node.style),
    explode: booleanOf(node.explode),
    location: ctx.locate(resolved.pointer),
  });
}

/** Parameters and headers carry a schema either directly or in their single `content` entry. */
function schemaOfParameterLike(ctx: IrContext, node: JsonObject, pointer: string): IrSchemaRef | undefined {
  if ('schema' in node) return ctx.schemaRef(joinPointer(pointer, 'schema'));
  for (const [contentType, media] of entriesOf(node.content)) {
    if (isRecord(media) && 'schema' in media) return ctx.schemaRef(joinPointer(pointer, 'content', contentType, 'schema'));
  }
  return undefined;
}

/* ---------------------------- Bodies and examples -------------------------- */

function buildRequestBody(ctx: IrContext, item: unknown, pointer: string): IrRequestBody | undefined {
  const resolved = ctx.resolve(item, pointer, 'request body');
  if (!resolved) return undefined;
  return compact({
    required: resolved.node.required === true,
    description: resolved.description ?? stringOf(resolved.node.description),
    contents: buildContents(ctx, resolved.node.content, joinPointer(resolved.pointer, 'content')),
    location: ctx.locate(resolved.pointer),
  });
}

/** A `content` map → media entries sorted by content type. */
function buildContents(ctx: IrContext, content: unknown, pointer: string): IrMedia[] {
  const contents: IrMedia[] = [];
  for (const [contentType, media] of entriesOf(content)) {
    const at = joinPointer(pointer, contentType);
    const resolved = ctx.resolve(media, at, `media type ${contentType}`);
    if (resolved) contents.push(buildMedia(ctx, contentType, resolved.node, resolved.pointer));
  }
  return contents.sort((a, b) => compareStrings(a.contentType, b.contentType));
}

function buildMedia(ctx: IrContext, contentType: string, node: JsonObject, pointer: string): IrMedia {
  return compact({
    contentType,
    schema: 'schema' in node ? ctx.schemaRef(joinPointer(pointer, 'schema')) : undefined,
    examples: buildExamples(ctx, node, pointer),
  });
}

/**
 * `example` (named `example`) then the `examples` map in document order; `$ref`'d Example
 * Objects are followed. Examples with only an `externalValue` have no value here and are left out.
 */
function buildExamples(ctx: IrContext, holder: JsonObject, pointer: string): IrExample[] {
  const examples: IrExample[] = [];
  if ('example' in holder) {
    examples.push({ name: 'example', value: holder.example, location: ctx.locate(joinPointer(pointer, 'example')) });
  }
  for (const [name, example] of entriesOf(holder.examples)) {
    const resolved = ctx.resolve(example, joinPointer(pointer, 'examples', name), `example ${name}`);
    if (resolved && 'value' in resolved.node) {
      examples.push({ name, value: resolved.node.value, location: ctx.locate(resolved.pointer) });
    }
  }
  return examples;
}

/* -------------------------------- Responses -------------------------------- */

function buildResponses(ctx: IrContext, responses: unknown, pointer: string, targets: LinkTargets): IrResponse[] {
  const built: IrResponse[] = [];
  for (const [status, response] of entriesOf(responses)) {
    if (status.startsWith('x-')) continue;
    const entry = buildResponse(ctx, status, response, joinPointer(pointer, status), targets);
    if (entry) built.push(entry);
  }
  return built.sort((a, b) => compareStatus(a.status, b.status));
}

/** Numeric codes ascending, then `1XX`…`5XX`, then `default`, then anything else by name. */
export function compareStatus(a: string, b: string): number {
  const rank = (status: string): [number, number] => {
    if (/^[1-5][0-9][0-9]$/.test(status)) return [0, Number(status)];
    if (/^[1-5]XX$/i.test(status)) return [1, Number(status[0])];
    return status === 'default' ? [2, 0] : [3, 0];
  };
  const [groupA, valueA] = rank(a);
  const [groupB, valueB] = rank(b);
  return groupA - groupB || valueA - valueB || compareStrings(a, b);
}

function buildResponse(ctx: IrContext, status: string, item: unknown, pointer: string, targets: LinkTargets): IrResponse | undefined {
  const resolved = ctx.resolve(item, pointer, `response ${status}`);
  if (!resolved) return undefined;
  const { node } = resolved;
  const headers: IrHeader[] = [];
  for (const [name, header] of entriesOf(node.headers)) {
    // A response header named Content-Type "SHALL be ignored" (OpenAPI 3, Response Object).
    if (name.toLowerCase() === 'content-type') continue;
    const built = buildHeader(ctx, name, header, joinPointer(resolved.pointer, 'headers', name));
    if (built) headers.push(built);
  }
  const links: IrLink[] = [];
  for (const [name, link] of entriesOf(node.links)) {
    const built = buildLink(ctx, name, link, joinPointer(resolved.pointer, 'links', name), targets);
    if (built) links.push(built);
  }
  return {
    status,
    description: resolved.description ?? stringOf(node.description) ?? '',
    headers: headers.sort((a, b) => compareStrings(a.name, b.name)),
    contents: buildContents(ctx, node.content, joinPointer(resolved.pointer, 'content')),
    links: links.sort((a, b) => compareStrings(a.name, b.name)),
    location: ctx.locate(resolved.pointer),
  };
}

function buildHeader(ctx: IrContext, name: string, item: unknown, pointer: string): IrHeader | undefined {
  const resolved = ctx.resolve(item, pointer, `header ${name}`);
  if (!resolved) return undefined;
  return compact({
    name,
    required: resolved.node.required === true,
    description: resolved.description ?? stringOf(resolved.node.description),
    schema: schemaOfParameterLike(ctx, resolved.node, resolved.pointer),
    location: ctx.locate(resolved.pointer),
  });
}

/**
 * A link names its target by `operationId` or by `operationRef` (a local pointer to an
 * operation, through `paths` or through the path item a `$ref` leads to). Parameter values that
 * are constants rather than runtime expressions are kept as their JSON text.
 */
function buildLink(ctx: IrContext, name: string, item: unknown, pointer: string, targets: LinkTargets): IrLink | undefined {
  const resolved = ctx.resolve(item, pointer, `link ${name}`);
  if (!resolved) return undefined;
  const { node } = resolved;
  const operationId = linkTarget(node, targets);
  if (operationId === undefined) {
    const target = stringOf(node.operationId) ?? stringOf(node.operationRef);
    const why = target === undefined ? 'has neither operationId nor operationRef' : `target ${JSON.stringify(target)} is not an operation of this spec`;
    ctx.report('warning', 'ir-link-target-unknown', `link ${JSON.stringify(name)} ${why}; it is left out`, resolved.pointer);
    return undefined;
  }
  return compact({
    name,
    operationId,
    parameters: Object.fromEntries(
      entriesOf(node.parameters).map(([parameter, value]) => [parameter, typeof value === 'string' ? value : JSON.stringify(value)]),
    ),
    requestBody: node.requestBody,
    description: resolved.description ?? stringOf(node.description),
    location: ctx.locate(resolved.pointer),
  });
}

function linkTarget(node: JsonObject, targets: LinkTargets): string | undefined {
  const operationId = stringOf(node.operationId);
  if (operationId !== undefined) return targets.ids.has(operationId) ? operationId : undefined;
  const operationRef = stringOf(node.operationRef);
  const pointer = operationRef === undefined ? undefined : refPointer(operationRef);
  return pointer === undefined ? undefined : targets.byPointer.get(pointer);
}
