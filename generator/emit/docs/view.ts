import type { IrErrorCode, IrExample, IrMedia, IrMethod, IrOperation, IrParameter, IrSchemaRef, IrSpec } from '../../ir/types.js';
import { compareStrings, isRecord } from '../../ir/values.js';
import { getAt } from '../../load/pointer.js';
import { planMqtt } from '../mqtt-client/plan.js';
import { errorRoles } from '../rest-client/api-facts.js';
import { anchorId } from '../shared/markdown.js';
import { specNames, type SpecNames } from '../shared/spec-names.js';
import { propertyRows, schemaNameOf, typeText, type PropertyRow } from './schema-text.js';
import { usageSnippet, type UsageSnippet } from './usage.js';

/**
 * What the reference page shows, computed from the IR. Every string is raw spec text: the
 * templates escape it. Optional facts are `null` (never missing), as the templates run strict.
 */
export interface ReadmeView {
  title: string;
  version: string;
  specFile: string;
  specLabel: string;
  description: string | null;
  usage: UsageSnippet | null;
  servers: { url: string; protocol: string | null; description: string | null }[];
  /** `refusedWith`: the error a request missing the credential gets (the scheme's `x-error-code`, else the `tokenInvalid` role). */
  securitySchemes: { name: string; type: string; sentAs: string | null; refusedWith: string | null; description: string | null }[];
  groups: GroupView[];
  channels: ChannelView[];
  methods: MethodView[];
  errorCatalogue: ErrorView[];
  catalogueHasStatus: boolean;
  catalogueHasFix: boolean;
  schemas: SchemaView[];
}

export interface GroupView {
  name: string;
  anchor: string;
  description: string | null;
  operations: OperationView[];
}

export interface OperationView {
  anchor: string;
  id: string;
  method: string;
  path: string;
  summary: string | null;
  description: string | null;
  deprecated: boolean;
  clientCall: string;
  security: { none: boolean; schemes: string[] }[];
  parameters: (Omit<PropertyRow, 'schema'> & { in: string })[];
  requestBody: { required: boolean; description: string | null; contents: BodyView[] } | null;
  responses: { status: string; description: string; bodies: BodyView[]; headers: string[] }[];
  /** Inline (unnamed) response bodies with a property table. */
  responseTables: { status: string; body: BodyView }[];
  errorCodes: ErrorView[];
  examples: ExampleView[];
  extensions: { key: string; text: string | null; json: string | null }[];
}

export interface BodyView {
  contentType: string;
  /** Type text, or the schema name when it is a named schema. */
  type: string;
  schemaAnchor: string | null;
  properties: PropertyRow[] | null;
}

export interface ExampleView {
  /** What the example belongs to, e.g. `Request body` or `Response 200`. */
  of: string;
  name: string;
  contentType: string;
  json: string;
}

export interface ErrorView {
  code: number;
  status: string | null;
  message: string;
  fix: string | null;
}

export interface ChannelView {
  id: string;
  address: string;
  parameters: { name: string; description: string | null }[];
}

export interface MethodView {
  anchor: string;
  name: string;
  operationId: string;
  summary: string | null;
  description: string | null;
  /** The described application sends the request (AsyncAPI `send`), rather than receives it. */
  sends: boolean;
  clientCall: string | null;
  request: MessageView;
  reply: MessageView;
  qos: { request: number; reply: number; subscribe: number };
  timeoutMs: number;
  retries: number;
  correlation: string[];
  examples: ExampleView[];
  extensions: { key: string; text: string | null; json: string | null }[];
}

export interface MessageView {
  name: string;
  title: string | null;
  topic: string;
  contentType: string;
  properties: PropertyRow[] | null;
  type: string;
}

export interface SchemaView {
  name: string;
  anchor: string;
  description: string | null;
  type: string;
  properties: PropertyRow[] | null;
}

const METHOD_ORDER = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'];

/** Levels of unnamed nested objects whose properties the tables list (`a[].b.c`). */
const NESTED = 2;

/** Extensions shown elsewhere on the page (or that configure what is shown). */
const SHOWN_EXTENSIONS = new Set(['x-error-codes', 'x-qos', 'x-timeout-ms', 'x-retries']);

/** Hands out unique anchors: `prefix-slug`, then `-2`, `-3`… */
class Anchors {
  private readonly taken = new Set<string>(['usage', 'servers', 'security', 'operations', 'topics', 'methods', 'errors', 'schemas', 'contents']);
  claim(prefix: string, text: string): string {
    const base = `${prefix}-${anchorId(text)}`;
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}-${n}`;
    this.taken.add(id);
    return id;
  }
}

export function readmeView(ir: IrSpec): ReadmeView {
  const anchors = new Anchors();
  const schemaAnchors = new Map<string, string>();
  for (const schema of [...ir.schemas].sort((a, b) => compareStrings(a.name, b.name))) schemaAnchors.set(schema.name, anchors.claim('schema', schema.name));
  const catalogue = new Map(ir.errorCatalogue.map((e) => [e.code, e]));
  const context: Context = { ir, names: specNames(ir), anchors, schemaAnchors, catalogue };
  const usage = usageSnippet(ir);
  return {
    title: ir.title,
    version: ir.version,
    // The file name only: `ir.file` is however the spec was given (often absolute), and the page must not depend on that.
    specFile: ir.file.split(/[\\/]/).pop() ?? ir.file,
    specLabel: `${ir.kind === 'openapi' ? 'OpenAPI' : 'AsyncAPI'} ${ir.specVersion}`,
    description: ir.description ?? null,
    usage: usage ?? null,
    servers: ir.servers.map((s) => ({ url: s.url, protocol: s.protocol ?? null, description: s.description ?? null })),
    securitySchemes: [...ir.securitySchemes]
      .sort((a, b) => compareStrings(a.name, b.name))
      .map((s) => ({ name: s.name, type: s.scheme ? `${s.type} (${s.scheme})` : s.type, sentAs: sentAs(s), refusedWith: refusedWith(context, s), description: s.description ?? null })),
    groups: groups(context),
    channels: channels(ir),
    methods: methods(context),
    errorCatalogue: ir.errorCatalogue.map(errorView),
    catalogueHasStatus: ir.errorCatalogue.some((e) => e.status !== undefined),
    catalogueHasFix: ir.errorCatalogue.some((e) => e.fix !== undefined),
    schemas: [...ir.schemas]
      .sort((a, b) => compareStrings(a.name, b.name))
      .map((s) => {
        const node = getAt(ir.document, s.schema.pointer);
        return {
          name: s.name,
          anchor: schemaAnchors.get(s.name)!,
          description: s.description ?? null,
          type: typeText(ir.document, node),
          properties: propertyRows(ir.document, node, NESTED) ?? null,
        };
      }),
  };
}

interface Context {
  ir: IrSpec;
  names: SpecNames;
  anchors: Anchors;
  schemaAnchors: Map<string, string>;
  catalogue: Map<number, IrErrorCode>;
}

function sentAs(s: IrSpec['securitySchemes'][number]): string | null {
  if (s.type === 'apiKey' && s.in && s.paramName) return `${s.in} ${s.paramName}`;
  if (s.type === 'http' && s.scheme) return `header Authorization: ${s.scheme.charAt(0).toUpperCase()}${s.scheme.slice(1)} …`;
  return null;
}

function refusedWith(context: Context, s: IrSpec['securitySchemes'][number]): string | null {
  const code = s.errorCode ?? errorRoles(context.ir).tokenInvalid;
  const entry = code === undefined ? undefined : context.catalogue.get(code);
  return entry ? `${entry.code} ${entry.message}` : null;
}

function errorView(e: IrErrorCode): ErrorView {
  return { code: e.code, status: e.status === undefined ? null : String(e.status), message: e.message, fix: e.fix ?? null };
}

/** Operations grouped by their first tag: the spec's tag order first, then other tags by name, untagged last. */
function groups(c: Context): GroupView[] {
  const declared = Array.isArray(c.ir.document.tags) ? c.ir.document.tags.filter(isRecord) : [];
  const order = declared.map((t) => String(t.name));
  const descriptions = new Map(declared.map((t) => [String(t.name), typeof t.description === 'string' ? t.description : null]));
  const byTag = new Map<string, IrOperation[]>();
  for (const op of c.ir.operations) {
    const tag = op.tags[0] ?? '';
    byTag.set(tag, [...(byTag.get(tag) ?? []), op]);
  }
  const rank = (tag: string): number => (tag === '' ? Number.MAX_SAFE_INTEGER : order.includes(tag) ? order.indexOf(tag) : order.length);
  return [...byTag]
    .sort(([a], [b]) => rank(a) - rank(b) || compareStrings(a, b))
    .map(([tag, ops]) => ({
      name: tag === '' ? 'Other operations' : tag,
      anchor: c.anchors.claim('tag', tag === '' ? 'other' : tag),
      description: descriptions.get(tag) ?? null,
      operations: ops
        .sort((a, b) => compareStrings(a.path, b.path) || METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method) || compareStrings(a.id, b.id))
        .map((op) => operationView(c, op)),
    }));
}

function operationView(c: Context, op: IrOperation): OperationView {
  const { ir } = c;
  const responses = op.responses.map((r) => ({
    status: r.status,
    description: r.description,
    bodies: r.contents.map((m) => bodyView(c, m)),
    headers: r.headers.map((h) => h.name),
  }));
  return {
    anchor: c.anchors.claim('op', op.id),
    id: op.id,
    method: op.method.toUpperCase(),
    path: op.path,
    summary: op.summary ?? null,
    description: op.description ?? null,
    deprecated: op.deprecated,
    clientCall: `client.${c.names.operationMember(op.id)}(request)`,
    security: op.security.map((alternative) => ({ none: alternative.length === 0, schemes: alternative })),
    parameters: op.parameters.map((p) => parameterRow(ir, p)),
    requestBody: op.requestBody
      ? { required: op.requestBody.required, description: op.requestBody.description ?? null, contents: op.requestBody.contents.map((m) => bodyView(c, m)) }
      : null,
    responses,
    responseTables: responses.flatMap((r) => r.bodies.filter((b) => b.properties !== null).map((body) => ({ status: r.status, body }))),
    errorCodes: op.errorCodes.map((code) => {
      const known = c.catalogue.get(code);
      return known ? errorView(known) : { code, status: null, message: '(not in the error catalogue)', fix: null };
    }),
    examples: [
      ...(op.requestBody?.contents ?? []).flatMap((m) => examples('Request body', m.contentType, m.examples)),
      ...op.responses.flatMap((r) => r.contents.flatMap((m) => examples(`Response ${r.status}`, m.contentType, m.examples))),
    ],
    extensions: extensions(op.extensions),
  };
}

function parameterRow(ir: IrSpec, p: IrParameter): OperationView['parameters'][number] {
  return {
    name: p.name,
    in: p.in,
    type: p.schema ? typeText(ir.document, schemaNode(ir, p.schema)) : 'any',
    required: p.required,
    description: p.description ?? null,
    deprecated: p.deprecated,
  };
}

/** A body: its named schema (linked), or its type text and, for an inline object, its properties. */
function bodyView(c: Context, media: IrMedia): BodyView {
  const node = media.schema ? schemaNode(c.ir, media.schema) : undefined;
  const named = schemaNameOf(node);
  return {
    contentType: media.contentType,
    type: node === undefined ? 'any' : typeText(c.ir.document, node),
    schemaAnchor: named === undefined ? null : (c.schemaAnchors.get(named) ?? null),
    properties: named === undefined && node !== undefined ? (propertyRows(c.ir.document, node, NESTED) ?? null) : null,
  };
}

function schemaNode(ir: IrSpec, ref: IrSchemaRef): unknown {
  return getAt(ir.document, ref.pointer);
}

function examples(of: string, contentType: string, list: readonly IrExample[]): ExampleView[] {
  return list.map((e) => ({ of, name: e.name, contentType, json: JSON.stringify(e.value, null, 2) ?? 'null' }));
}

function extensions(all: Record<string, unknown>): OperationView['extensions'] {
  return Object.keys(all)
    .filter((key) => !SHOWN_EXTENSIONS.has(key))
    .sort(compareStrings)
    .map((key) => {
      const value = all[key];
      return typeof value === 'string' ? { key, text: value, json: null } : { key, text: null, json: JSON.stringify(value) ?? 'null' };
    });
}

function channels(ir: IrSpec): ChannelView[] {
  const byId = new Map<string, ChannelView>();
  for (const m of ir.methods) {
    for (const channel of [m.request.channel, m.reply.channel]) {
      byId.set(channel.id, { id: channel.id, address: channel.address, parameters: channel.parameters.map((p) => ({ name: p.name, description: p.description ?? null })) });
    }
  }
  return [...byId.values()].sort((a, b) => compareStrings(a.id, b.id));
}

function methods(c: Context): MethodView[] {
  const { ir } = c;
  const members = new Map(ir.methods.length > 0 ? planMqtt(ir).methods.map((m) => [m.method.name, m.member]) : []);
  return ir.methods.map((m) => ({
    anchor: c.anchors.claim('method', m.name),
    name: m.name,
    operationId: m.operationId,
    summary: m.summary ?? null,
    description: m.description ?? null,
    sends: m.action === 'send',
    clientCall: members.has(m.name) ? `dock.${members.get(m.name)!}(data)` : null,
    request: messageView(c, m.request),
    reply: messageView(c, m.reply),
    qos: { ...m.qos },
    timeoutMs: m.timeoutMs,
    retries: m.retries,
    correlation: [...m.correlation.fields],
    examples: [
      ...examples('Request', m.request.contentType, m.request.examples),
      ...examples('Reply', m.reply.contentType, m.reply.examples),
    ],
    extensions: extensions(m.extensions),
  }));
}

function messageView(c: Context, message: IrMethod['request']): MessageView {
  const node = schemaNode(c.ir, message.payload);
  return {
    name: message.name,
    title: message.title ?? message.summary ?? null,
    topic: message.channel.address,
    contentType: message.contentType,
    properties: propertyRows(c.ir.document, node, NESTED) ?? null,
    type: typeText(c.ir.document, node),
  };
}
