import type { Diagnostic } from '../load/diagnostic.js';
import { escapeSegment, getAt, joinPointer, parsePointer } from '../load/pointer.js';
import type { LoadedSpec } from '../load/spec.js';
import { specHeader, startIr } from './build-common.js';
import { buildNamedSchemas, buildSecuritySchemes, substituteServerVariables } from './components.js';
import { IrContext, type Resolved } from './context.js';
import { refPointer, resolveObject } from './refs.js';
import { isMultiFormatSchema } from './schema-roots.js';
import type { IrChannel, IrChannelParameter, IrCorrelation, IrExample, IrMessage, IrMethod, IrServer, IrSpec, Qos } from './types.js';
import { compact, compareStrings, entriesOf, extensionsOf, isRecord, numberOf, stringOf, type JsonObject } from './values.js';

/** Defaults of DJI's reference implementation (see DESIGN.md): used when the spec says nothing. */
const DEFAULT_TIMEOUT_MS = 3000;
const DEFAULT_RETRIES = 2;
const DEFAULT_QOS = { request: 0, reply: 2, subscribe: 1 } as const;
/** The envelope property whose `const` names an MQTT method. */
const METHOD_PROPERTY = 'method';

/**
 * AsyncAPI 3.x → IR. Only request/reply operations (those with a `reply`) become methods;
 * fire-and-forget operations have no IR node (their messages' schemas are still in `document`).
 */
export function buildAsyncApiIr(loaded: LoadedSpec, diagnostics: Diagnostic[] = []): IrSpec {
  const { document, ctx, components, catalogue } = startIr(loaded, 'asyncapi', diagnostics, false);
  return compact({
    ...specHeader(loaded, 'asyncapi', document),
    schemas: buildNamedSchemas(ctx, components.schemas, '/components/schemas', true),
    servers: buildServers(ctx, document.servers),
    securitySchemes: buildSecuritySchemes(ctx, components.securitySchemes, '/components/securitySchemes'),
    errorCatalogue: catalogue.entries(),
    operations: [],
    methods: buildMethods(ctx),
    location: ctx.locate(''),
  });
}

/** `host` + `pathname` with the protocol as URL scheme, variables replaced by their defaults. */
function buildServers(ctx: IrContext, servers: unknown): IrServer[] {
  const built: IrServer[] = [];
  for (const [name, server] of entriesOf(servers)) {
    const resolved = ctx.resolve(server, joinPointer('/servers', name), `server ${name}`);
    const host = resolved ? stringOf(resolved.node.host) : undefined;
    if (!resolved || host === undefined) continue;
    const protocol = stringOf(resolved.node.protocol);
    const address = `${protocol === undefined ? '' : `${protocol}://`}${host}${stringOf(resolved.node.pathname) ?? ''}`;
    built.push(
      compact({
        url: substituteServerVariables(address, resolved.node.variables),
        protocol,
        description: resolved.description ?? stringOf(resolved.node.description),
      }),
    );
  }
  return built;
}

/* ------------------------------- Methods ---------------------------------- */

/** A channel as the IR sees it, with the object and pointer it was built from. */
interface ChannelSite {
  channel: IrChannel;
  node: JsonObject;
  pointer: string;
}

function buildMethods(ctx: IrContext): IrMethod[] {
  const channels = new Map<string, ChannelSite>();
  const methods: IrMethod[] = [];
  const operationOf = new Map<string, string>();
  for (const [operationId, item] of entriesOf(ctx.document.operations)) {
    const resolved = ctx.resolve(item, joinPointer('/operations', operationId), `operation ${operationId}`);
    // Without `reply` an operation is fire-and-forget: nothing to correlate, so not a method.
    if (!resolved || !('reply' in resolved.node)) continue;
    const method = buildMethod(ctx, operationId, resolved, channels);
    if (!method) continue;
    const previous = operationOf.get(method.name);
    if (previous !== undefined) {
      ctx.report('error', 'ir-duplicate-method', `operations ${previous} and ${operationId} both carry method ${JSON.stringify(method.name)}; ${operationId} is left out`, resolved.pointer);
      continue;
    }
    operationOf.set(method.name, operationId);
    methods.push(method);
  }
  return methods.sort((a, b) => compareStrings(a.name, b.name));
}

function buildMethod(ctx: IrContext, operationId: string, operation: Resolved, channels: Map<string, ChannelSite>): IrMethod | undefined {
  const { node, pointer } = operation;
  const channel = buildChannel(ctx, node.channel, joinPointer(pointer, 'channel'), channels);
  const reply = ctx.resolve(node.reply, joinPointer(pointer, 'reply'), `reply of ${operationId}`);
  if (!channel || !reply) return undefined;
  const replyChannel = buildReplyChannel(ctx, operationId, reply, channel, channels);
  if (!replyChannel) return undefined;
  const requestSite = firstMessage(ctx, node.messages, joinPointer(pointer, 'messages'), channel);
  const replySite = firstMessage(ctx, reply.node.messages, joinPointer(reply.pointer, 'messages'), replyChannel);
  if (!requestSite || !replySite) return undefined;
  const defaultContentType = stringOf(ctx.document.defaultContentType) ?? 'application/json';
  const request = buildMessage(ctx, requestSite, channel.channel, defaultContentType);
  const replyMessage = buildMessage(ctx, replySite, replyChannel.channel, defaultContentType);
  if (!request || !replyMessage) return undefined;
  const action: IrMethod['action'] = node.action === 'receive' ? 'receive' : 'send';
  if (node.action !== action) ctx.report('error', 'ir-operation-invalid', 'action must be send or receive', joinPointer(pointer, 'action'));
  return compact({
    name: methodConst(ctx.document, request.payload.pointer) ?? operationId,
    operationId,
    summary: stringOf(node.summary),
    description: stringOf(node.description),
    action,
    request,
    reply: replyMessage,
    correlation: buildCorrelation(ctx, operation, request, requestSite, replySite),
    qos: buildQos(ctx, node, pointer),
    timeoutMs: tuning(ctx, node, pointer, 'x-timeout-ms', DEFAULT_TIMEOUT_MS),
    retries: tuning(ctx, node, pointer, 'x-retries', DEFAULT_RETRIES),
    extensions: extensionsOf(node),
    location: ctx.locate(pointer),
  });
}

/* ------------------------------- Channels --------------------------------- */

function buildChannel(ctx: IrContext, item: unknown, pointer: string, channels: Map<string, ChannelSite>): ChannelSite | undefined {
  const resolved = ctx.resolve(item, pointer, 'channel');
  if (!resolved) return undefined;
  const cached = channels.get(resolved.pointer);
  if (cached) return cached;
  const address = stringOf(resolved.node.address) ?? '';
  const site: ChannelSite = {
    channel: {
      id: parsePointer(resolved.pointer).at(-1) ?? '',
      address,
      parameters: buildChannelParameters(ctx, resolved, address),
      location: ctx.locate(resolved.pointer),
    },
    node: resolved.node,
    pointer: resolved.pointer,
  };
  channels.set(resolved.pointer, site);
  return site;
}

/** Sorted by where they occur in the address, so a topic's parameters read left to right. */
function buildChannelParameters(ctx: IrContext, channel: Resolved, address: string): IrChannelParameter[] {
  const parameters: IrChannelParameter[] = [];
  for (const [name, item] of entriesOf(channel.node.parameters)) {
    const resolved = ctx.resolve(item, joinPointer(channel.pointer, 'parameters', name), `channel parameter ${name}`);
    if (!resolved) continue;
    parameters.push(
      compact({ name, description: resolved.description ?? stringOf(resolved.node.description), location: ctx.locate(resolved.pointer) }),
    );
  }
  const position = (name: string): number => {
    const index = address.indexOf(`{${name}}`);
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  return parameters.sort((a, b) => position(a.name) - position(b.name) || compareStrings(a.name, b.name));
}

/**
 * The reply's `channel`; or, for a dynamic `address` (e.g. `$message.header#/replyTo`), a channel
 * named `<operationId>.reply` whose address is that runtime expression; or, with neither, the
 * request's own channel.
 */
function buildReplyChannel(
  ctx: IrContext,
  operationId: string,
  reply: Resolved,
  requestChannel: ChannelSite,
  channels: Map<string, ChannelSite>,
): ChannelSite | undefined {
  const address = 'address' in reply.node ? ctx.resolve(reply.node.address, joinPointer(reply.pointer, 'address'), 'reply address') : undefined;
  const location = address ? stringOf(address.node.location) : undefined;
  if ('channel' in reply.node) {
    const site = buildChannel(ctx, reply.node.channel, joinPointer(reply.pointer, 'channel'), channels);
    // A reply channel with a dynamic address leaves its own `address` null.
    if (site && site.channel.address === '' && location !== undefined) {
      return { ...site, channel: { ...site.channel, address: location } };
    }
    return site;
  }
  if (address && location !== undefined) {
    const channel: IrChannel = { id: `${operationId}.reply`, address: location, parameters: [], location: ctx.locate(address.pointer) };
    return { channel, node: {}, pointer: address.pointer };
  }
  return requestChannel;
}

/* ------------------------------- Messages --------------------------------- */

/**
 * The first of an operation's (or reply's) `messages`. Without a list, AsyncAPI means "any
 * message of the channel"; the channel's first message stands for them, with a warning when
 * there is more than one.
 */
function firstMessage(ctx: IrContext, list: unknown, pointer: string, channel: ChannelSite): Resolved | undefined {
  if (Array.isArray(list) && list.length > 0) return ctx.resolve(list[0], joinPointer(pointer, 0), 'message');
  const candidates = entriesOf(channel.node.messages);
  const first = candidates[0];
  if (!first) {
    ctx.report('error', 'ir-message-missing', `no message for channel ${JSON.stringify(channel.channel.id)}`, pointer);
    return undefined;
  }
  if (candidates.length > 1) {
    ctx.report('warning', 'ir-message-ambiguous', `no messages listed; using ${JSON.stringify(first[0])}, the first of channel ${JSON.stringify(channel.channel.id)}`, pointer);
  }
  return ctx.resolve(first[1], joinPointer(channel.pointer, 'messages', first[0]), 'message');
}

function buildMessage(ctx: IrContext, message: Resolved, channel: IrChannel, defaultContentType: string): IrMessage | undefined {
  const { node, pointer } = message;
  if (!('payload' in node)) {
    ctx.report('error', 'ir-message-payload-missing', 'a request/reply message needs a payload schema', pointer);
    return undefined;
  }
  const payload = isMultiFormatSchema(node.payload) ? joinPointer(pointer, 'payload', 'schema') : joinPointer(pointer, 'payload');
  return compact({
    name: messageName(message),
    title: stringOf(node.title),
    summary: stringOf(node.summary),
    contentType: stringOf(messageField(ctx, message, 'contentType')?.value) ?? defaultContentType,
    channel,
    payload: ctx.schemaRef(payload),
    examples: buildMessageExamples(ctx, node.examples, joinPointer(pointer, 'examples')),
    location: ctx.locate(pointer),
  });
}

/** The key under `components/messages`, else the message's `name`, else its key where it is defined. */
function messageName(message: Resolved): string {
  const segments = parsePointer(message.pointer);
  if (segments.length === 3 && segments[0] === 'components' && segments[1] === 'messages') return segments[2]!;
  return stringOf(message.node.name) ?? segments.at(-1) ?? '';
}

/** A message field, or the first message trait's (AsyncAPI 3: the message's own value wins). */
function messageField(ctx: IrContext, message: Resolved, field: string): { value: unknown; pointer: string } | undefined {
  if (field in message.node) return { value: message.node[field], pointer: joinPointer(message.pointer, field) };
  const traits = Array.isArray(message.node.traits) ? message.node.traits : [];
  for (const [index, item] of traits.entries()) {
    const trait = resolveObject(ctx.document, item, joinPointer(message.pointer, 'traits', index));
    if (trait.ok && field in trait.node) return { value: trait.node[field], pointer: joinPointer(trait.pointer, field) };
  }
  return undefined;
}

function buildMessageExamples(ctx: IrContext, list: unknown, pointer: string): IrExample[] {
  if (!Array.isArray(list)) return [];
  const examples: IrExample[] = [];
  list.forEach((example, index) => {
    if (!isRecord(example) || !('payload' in example)) return;
    examples.push({ name: stringOf(example.name) ?? `example${index + 1}`, value: example.payload, location: ctx.locate(joinPointer(pointer, index)) });
  });
  return examples;
}

/* ------------------------- Envelope: method, correlation ------------------- */

/** The schema and every schema it must also satisfy through `$ref` and `allOf`, each once. */
function conjuncts(document: JsonObject, schema: unknown): JsonObject[] {
  const found: JsonObject[] = [];
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (!isRecord(node) || seen.has(node)) return;
    seen.add(node);
    found.push(node);
    const target = typeof node.$ref === 'string' ? refPointer(node.$ref) : undefined;
    if (target !== undefined) visit(getAt(document, target));
    if (Array.isArray(node.allOf)) node.allOf.forEach(visit);
  };
  visit(schema);
  return found;
}

/** Names of the envelope's properties, across `allOf` parts and `$ref`s. */
function envelopeProperties(document: JsonObject, payloadPointer: string): Set<string> {
  const names = new Set<string>();
  for (const part of conjuncts(document, getAt(document, payloadPointer))) {
    if (isRecord(part.properties)) for (const name of Object.keys(part.properties)) names.add(name);
  }
  return names;
}

/** `properties.method.const` (or a one-value `enum`) of the payload, looking through `allOf` and `$ref`. */
function methodConst(document: JsonObject, payloadPointer: string): string | undefined {
  for (const part of conjuncts(document, getAt(document, payloadPointer))) {
    const property = isRecord(part.properties) && Object.hasOwn(part.properties, METHOD_PROPERTY) ? part.properties[METHOD_PROPERTY] : undefined;
    for (const constraint of conjuncts(document, property)) {
      if (typeof constraint.const === 'string') return constraint.const;
      if (Array.isArray(constraint.enum) && constraint.enum.length === 1 && typeof constraint.enum[0] === 'string') return constraint.enum[0];
    }
  }
  return undefined;
}

/**
 * Where the correlation id sits (`correlationId.location` of the request, else of the reply) and
 * which fields a reply must echo: `x-correlation-fields` (operation, then root); else `tid` and
 * `bid` when the envelope has both (DJI's rule); else the field the location names.
 */
function buildCorrelation(ctx: IrContext, operation: Resolved, request: IrMessage, requestSite: Resolved, replySite: Resolved): IrCorrelation {
  const declared = messageField(ctx, requestSite, 'correlationId') ?? messageField(ctx, replySite, 'correlationId');
  const correlationId = declared && ctx.resolve(declared.value, declared.pointer, 'correlation id');
  let location = correlationId ? stringOf(correlationId.node.location) : undefined;
  const configured = stringList(operation.node['x-correlation-fields']) ?? stringList(ctx.document['x-correlation-fields']);
  const properties = envelopeProperties(ctx.document, request.payload.pointer);
  const fields =
    configured ??
    (properties.has('tid') && properties.has('bid') ? ['tid', 'bid'] : undefined) ??
    (location === undefined ? [] : fieldsOfLocation(location));
  if (location === undefined && fields[0] !== undefined) location = `$message.payload#/${escapeSegment(fields[0])}`;
  if (location === undefined || fields.length === 0) {
    ctx.report('warning', 'ir-correlation-missing', 'request/reply operation without a correlation id: replies cannot be matched to requests', operation.pointer);
  }
  return { location: location ?? '', fields };
}

/** `$message.payload#/tid` → `['tid']`; a nested location keeps its path (`meta/id`). */
function fieldsOfLocation(location: string): string[] {
  const hash = location.indexOf('#');
  if (hash < 0) return [];
  try {
    const segments = parsePointer(location.slice(hash));
    return segments.length === 0 ? [] : [segments.join('/')];
  } catch {
    return [];
  }
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string') ? [...value] : undefined;
}

/* ----------------------------- QoS and timing ------------------------------ */

type QosSettings = Partial<Record<keyof typeof DEFAULT_QOS, Qos>>;

/**
 * `x-qos` (`{request, reply, subscribe}` or a bare number for the request), operation over
 * root; the request QoS may also come from the operation's MQTT binding `qos`.
 */
function buildQos(ctx: IrContext, node: JsonObject, pointer: string): IrMethod['qos'] {
  const configured: QosSettings = {
    ...qosExtension(ctx, ctx.document['x-qos'], '/x-qos'),
    ...qosExtension(ctx, node['x-qos'], joinPointer(pointer, 'x-qos')),
  };
  const binding = bindingQos(ctx, node.bindings, joinPointer(pointer, 'bindings'));
  if (configured.request !== undefined && binding !== undefined && configured.request !== binding) {
    ctx.report('warning', 'ir-qos-conflict', `x-qos.request ${configured.request} overrides the MQTT binding's qos ${binding}`, joinPointer(pointer, 'x-qos'));
  }
  return {
    request: configured.request ?? binding ?? DEFAULT_QOS.request,
    reply: configured.reply ?? DEFAULT_QOS.reply,
    subscribe: configured.subscribe ?? DEFAULT_QOS.subscribe,
  };
}

function qosExtension(ctx: IrContext, value: unknown, pointer: string): QosSettings {
  if (value === undefined) return {};
  const single = qosOf(value);
  if (single !== undefined) return { request: single };
  if (!isRecord(value)) {
    ctx.report('warning', 'ir-qos-invalid', 'x-qos must be 0, 1, 2 or {request, reply, subscribe}', pointer);
    return {};
  }
  const settings: QosSettings = {};
  for (const key of Object.keys(DEFAULT_QOS) as (keyof typeof DEFAULT_QOS)[]) {
    if (!(key in value)) continue;
    const qos = qosOf(value[key]);
    if (qos === undefined) ctx.report('warning', 'ir-qos-invalid', `x-qos.${key} must be 0, 1 or 2`, joinPointer(pointer, key));
    else settings[key] = qos;
  }
  return settings;
}

function bindingQos(ctx: IrContext, bindings: unknown, pointer: string): Qos | undefined {
  if (bindings === undefined) return undefined;
  const resolved = ctx.resolve(bindings, pointer, 'operation bindings');
  if (!resolved || !('mqtt' in resolved.node)) return undefined;
  const mqtt = resolveObject(ctx.document, resolved.node.mqtt, joinPointer(resolved.pointer, 'mqtt'));
  if (!mqtt.ok || !('qos' in mqtt.node)) return undefined;
  const qos = qosOf(mqtt.node.qos);
  if (qos === undefined) ctx.report('warning', 'ir-qos-invalid', 'the MQTT binding qos must be 0, 1 or 2', joinPointer(mqtt.pointer, 'qos'));
  return qos;
}

function qosOf(value: unknown): Qos | undefined {
  const qos = numberOf(value);
  return qos === 0 || qos === 1 || qos === 2 ? qos : undefined;
}

/** `x-timeout-ms` / `x-retries`: the operation's, else the root's, else the default. */
function tuning(ctx: IrContext, node: JsonObject, pointer: string, key: string, fallback: number): number {
  const candidates: [unknown, string][] = [
    [node[key], joinPointer(pointer, key)],
    [ctx.document[key], joinPointer('', key)],
  ];
  for (const [value, at] of candidates) {
    if (value === undefined) continue;
    const number = numberOf(value);
    if (number !== undefined && Number.isInteger(number) && number >= 0) return number;
    ctx.report('warning', 'ir-tuning-invalid', `${key} must be a non-negative integer`, at);
  }
  return fallback;
}
