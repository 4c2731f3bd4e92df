import type { IrMethod, IrSpec, Qos } from '../../ir/types.js';
import { TopicTemplate } from '../../runtime/mqtt-topics.js';
import { NameScope, camelCase, pascalCase } from '../shared/naming.js';
import { sharedModuleExports, specNames } from '../shared/spec-names.js';

/**
 * Which MQTT methods the generated dock client and cloud handlers serve, and how they share
 * topics. Both emitters read this one plan, so the two sides always agree.
 *
 * The runtime correlates by `tid` and `bid`, fills `{param}` topic levels, and runs one
 * requester (one reply subscription) or one responder (one request subscription) per topic
 * pair. A method is served when its topics are such templates and it shares them consistently
 * with the others; the rest are listed with the reason in the generated files.
 */
export interface MqttPlan {
  /** What dock-client.ts and cloud-handlers.ts export, clear of each other and of the shared modules. */
  names: MqttNames;
  /** Served methods, sorted by name. */
  methods: PlannedMethod[];
  /** Topic pairs, in order of their first method. */
  groups: TopicGroup[];
  /** The topic parameters every served method's topics use, sorted by name. */
  topicParams: string[];
  skipped: { method: string; reason: string }[];
}

export interface PlannedMethod {
  method: IrMethod;
  /** Index into `groups`. */
  group: number;
  /** camelCase member name (client method, handler member). */
  member: string;
  /** PascalCase base of the method's type names in types.ts. */
  type: string;
  /** The handler result type of cloud-handlers.ts, e.g. `AirportBindStatusHandlerResult`. */
  handlerResult: string;
}

/** Exported names of dock-client.ts and cloud-handlers.ts, prefixed with the spec's PascalCase name. */
export interface MqttNames {
  dockClient: string;
  dockClientOptions: string;
  dockCallOptions: string;
  cloudHandlers: string;
  handlerContext: string;
  cloudHandlersOptions: string;
  attachCloudHandlers: string;
}

export interface TopicGroup {
  requestTopic: string;
  replyTopic: string;
  /** The highest QoS any of the group's methods asks for: one subscription serves them all. */
  qos: { request: Qos; reply: Qos; subscribe: Qos };
}

const CORRELATION = ['bid', 'tid'];

export function planMqtt(ir: IrSpec): MqttPlan {
  const names = specNames(ir);
  // index.ts re-exports every module with `export *`: a clash gets a `_2` suffix, deterministically.
  const exported = new NameScope(sharedModuleExports(ir));
  const spec = pascalCase(ir.name);
  const mqttNames: MqttNames = {
    dockClient: exported.claim(`${spec}DockClient`),
    dockClientOptions: exported.claim(`${spec}DockClientOptions`),
    dockCallOptions: exported.claim(`${spec}DockCallOptions`),
    cloudHandlers: exported.claim(`${spec}CloudHandlers`),
    handlerContext: exported.claim(`${spec}HandlerContext`),
    cloudHandlersOptions: exported.claim(`${spec}CloudHandlersOptions`),
    attachCloudHandlers: exported.claim(`attach${spec}CloudHandlers`),
  };
  const methods: PlannedMethod[] = [];
  const groups: TopicGroup[] = [];
  const skipped: MqttPlan['skipped'] = [];
  let topicParams: string[] | undefined;

  for (const method of [...ir.methods].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const request = templateOf(method.request.channel.address);
    const reply = templateOf(method.reply.channel.address);
    const params = request instanceof TopicTemplate ? [...request.params].sort() : [];
    const reason =
      [...method.correlation.fields].sort().join() !== CORRELATION.join()
        ? `correlates by ${method.correlation.fields.join(', ') || 'nothing'}, not by tid and bid`
        : typeof request === 'string'
          ? `request topic: ${request}`
          : typeof reply === 'string'
            ? `reply topic: ${reply}`
            : reply.params.some((p) => !request.params.includes(p))
              ? `reply topic ${reply.template} has parameters its request topic ${request.template} lacks`
              : topicParams !== undefined && params.join('/') !== topicParams.join('/')
                ? `its topic parameters {${params.join('}, {')}} differ from the other methods' {${topicParams.join('}, {')}}`
                : conflict(groups, request, reply);
    if (reason !== undefined) {
      skipped.push({ method: method.name, reason });
      continue;
    }
    topicParams ??= params;
    let group = groups.findIndex((g) => g.requestTopic === method.request.channel.address);
    if (group < 0) {
      group = groups.length;
      groups.push({ requestTopic: method.request.channel.address, replyTopic: method.reply.channel.address, qos: { ...method.qos } });
    } else {
      const { qos } = groups[group]!;
      groups[group]!.qos = { request: max(qos.request, method.qos.request), reply: max(qos.reply, method.qos.reply), subscribe: max(qos.subscribe, method.qos.subscribe) };
    }
    const type = names.methodType(method.name);
    methods.push({ method, group, member: names.methodMember(method.name), type, handlerResult: exported.claim(`${type}HandlerResult`) });
  }
  return { names: mqttNames, methods, groups, topicParams: topicParams ?? [], skipped };
}

/**
 * Option or context keys for the topic parameters: camelCase, unique, and clear of the keys the
 * object already has (`reserved`). Returned in `params` order.
 */
export function paramKeys(params: readonly string[], reserved: readonly string[]): { param: string; key: string }[] {
  const scope = new NameScope(reserved);
  return params.map((param) => ({ param, key: scope.claim(camelCase(param)) }));
}

function templateOf(address: string): TopicTemplate | string {
  try {
    return new TopicTemplate(address);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * A method joins the group of its request topic, which must have the same reply topic. A new
 * group's topics must not overlap another group's (a message matching two subscriptions would be
 * answered, or counted, twice).
 */
function conflict(groups: readonly TopicGroup[], request: TopicTemplate, reply: TopicTemplate): string | undefined {
  const same = groups.find((g) => g.requestTopic === request.template);
  if (same !== undefined) {
    return same.replyTopic === reply.template ? undefined : `request topic ${request.template} already replies on ${same.replyTopic}, not ${reply.template}`;
  }
  for (const g of groups) {
    if (overlap(new TopicTemplate(g.requestTopic).filter, request.filter)) return `request topic ${request.template} overlaps ${g.requestTopic}`;
    if (overlap(new TopicTemplate(g.replyTopic).filter, reply.filter)) return `reply topic ${reply.template} overlaps ${g.replyTopic}`;
  }
  return undefined;
}

/** Whether some topic matches both filters (made of literal levels and `+`). */
function overlap(a: string, b: string): boolean {
  const left = a.split('/');
  const right = b.split('/');
  return left.length === right.length && left.every((level, i) => level === '+' || right[i] === '+' || level === right[i]);
}

function max(a: Qos, b: Qos): Qos {
  return a >= b ? a : b;
}
