import {
  StructureKind,
  VariableDeclarationKind,
  type ClassDeclarationStructure,
  type InterfaceDeclarationStructure,
  type MethodDeclarationStructure,
  type SourceFileStructure,
  type StatementStructures,
  type WriterFunction,
} from 'ts-morph';
import type { IrSpec } from '../../ir/types.js';
import { jsonLiteral, propertyKeyForLiteral, stringLiteral } from '../shared/escape.js';
import { NameScope } from '../shared/naming.js';
import { docsOf, skippedNote } from './doc.js';
import { blankLineBefore, literalOf } from './literal.js';
import { paramKeys, planMqtt, type MqttPlan } from './plan.js';

/** Keys of the client options that are not topic parameters. */
const OPTION_KEYS = ['timeoutMs', 'retries', 'qos', 'validateReplies'];

/** `dock-client.ts`: a typed requester per spec, one async method per MQTT method. */
export function clientModule(ir: IrSpec): SourceFileStructure {
  const plan = planMqtt(ir);
  const className = plan.names.dockClient;
  const optionsName = plan.names.dockClientOptions;
  const callOptionsName = plan.names.dockCallOptions;
  const params = paramKeys(plan.topicParams, OPTION_KEYS);
  const paramDocs = new Map(plan.methods.flatMap((m) => m.method.request.channel.parameters.map((p) => [p.name, p.description] as const)));

  const statements: StatementStructures[] = [
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: ['MqttClient'], moduleSpecifier: 'mqtt' },
    { kind: StructureKind.ImportDeclaration, namedImports: ['MqttRequester', 'type RequesterStats'], moduleSpecifier: './runtime/mqtt-requester.js' },
    { kind: StructureKind.ImportDeclaration, namedImports: ['TopicTemplate', 'type Qos'], moduleSpecifier: './runtime/mqtt-topics.js' },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: ['Validator'], moduleSpecifier: './runtime/validation.js' },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namespaceImport: 'T', moduleSpecifier: './types.js' },
    { kind: StructureKind.ImportDeclaration, namedImports: ['methodValidators'], moduleSpecifier: './validators.js' },
    {
      kind: StructureKind.VariableStatement,
      leadingTrivia: blankLineBefore,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ['The topic pairs of the methods: one requester, and one reply subscription, per pair. QoS is the highest any of its methods asks for.'],
      declarations: [
        {
          name: 'dockClientTopics',
          initializer: literalOf(
            '[',
            plan.groups.map((g) => jsonLiteral({ requestTopic: g.requestTopic, replyTopic: g.replyTopic, qos: { request: g.qos.request, reply: g.qos.reply } })),
            ' as const',
          ),
        },
      ],
    },
    {
      kind: StructureKind.VariableStatement,
      leadingTrivia: blankLineBefore,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["Each method's topic pair (index into `dockClientTopics`), wait per attempt and retries, from the spec."],
      declarations: [{ name: 'dockClientMethods', initializer: methodTable(plan) }],
    },
    {
      kind: StructureKind.Interface,
      name: optionsName,
      isExported: true,
      properties: [
        ...params.map(({ param, key }) => ({
          name: key,
          type: 'string',
          ...docsOf(`Fills \`{${param}}\` in the topics.`, paramDocs.get(param)),
        })),
        { name: 'timeoutMs', hasQuestionToken: true, type: 'number', docs: ["Wait per attempt for every method; default: each method's own (`x-timeout-ms`)."] },
        { name: 'retries', hasQuestionToken: true, type: 'number', docs: ["Attempts after the first for every method; default: each method's own (`x-retries`)."] },
        { name: 'qos', hasQuestionToken: true, type: '{ request?: Qos; reply?: Qos }', docs: ['QoS of published requests and of the reply subscription; default: the spec\'s (`dockClientTopics`).'] },
        { name: 'validateReplies', hasQuestionToken: true, type: 'boolean', docs: ['Check every reply against its schema (default true); an invalid reply throws MqttReplyValidationError.'] },
      ],
    } satisfies InterfaceDeclarationStructure,
    {
      kind: StructureKind.Interface,
      name: callOptionsName,
      isExported: true,
      docs: ['Options of one call, over the client options.'],
      properties: [
        { name: 'timeoutMs', hasQuestionToken: true, type: 'number' },
        { name: 'retries', hasQuestionToken: true, type: 'number' },
        { name: 'signal', hasQuestionToken: true, type: 'AbortSignal' },
        { name: 'bid', hasQuestionToken: true, type: 'string', docs: ['Business id kept by every attempt; each attempt gets a fresh one otherwise.'] },
      ],
    },
    clientClass(ir, plan, className, optionsName, callOptionsName, params),
    {
      kind: StructureKind.Function,
      name: 'replyValidator',
      parameters: [{ name: 'method', type: 'string' }],
      returnType: 'Validator<unknown> | undefined',
      statements: ['return Object.hasOwn(methodValidators, method) ? methodValidators[method as keyof typeof methodValidators].reply : undefined;'],
    },
  ];
  return { kind: StructureKind.SourceFile, statements };
}

function methodTable(plan: MqttPlan): WriterFunction {
  const entries = plan.methods.map(
    ({ method, group }) => `${propertyKeyForLiteral(method.name)}: ${jsonLiteral({ group, timeoutMs: method.timeoutMs, retries: method.retries })}`,
  );
  return literalOf('{', entries, ' as const');
}

function clientClass(
  ir: IrSpec,
  plan: MqttPlan,
  className: string,
  optionsName: string,
  callOptionsName: string,
  params: { param: string; key: string }[],
): ClassDeclarationStructure {
  // The class's own public members must not take a method's name: methods claim theirs first.
  const members = new NameScope(['constructor', ...plan.methods.map((m) => m.member)]);
  const statsMember = members.claim('stats');
  const closeMember = members.claim('close');
  const topicParams = `{ ${params.map(({ param, key }) => `${propertyKeyForLiteral(param)}: options.${key}`).join(', ')} }`;

  const methods: MethodDeclarationStructure[] = plan.methods.map(({ method, member, type }) => ({
    kind: StructureKind.Method,
    name: member,
    isAsync: true,
    parameters: [
      { name: 'data', type: `T.${type}RequestData` },
      { name: 'options', hasQuestionToken: true, type: callOptionsName },
    ],
    returnType: `Promise<T.${type}ReplyOutput>`,
    ...docsOf(
      method.summary,
      method.description,
      `Sends \`${method.name}\` and resolves with the output of the successful reply. Throws MqttTimeoutError (no reply after the retries), MqttReplyError (non-zero result, with its output), MqttReplyValidationError (reply off-schema, with the issues), MqttTransportError or MqttRequesterClosedError.`,
    ),
    statements: [`return (await this.#call(${stringLiteral(method.name)}, data, options)) as T.${type}ReplyOutput;`],
  }));

  return {
    kind: StructureKind.Class,
    name: className,
    isExported: true,
    ...docsOf(
      `The requesting side of the MQTT methods of ${ir.title} (${ir.version}), over an mqtt.js client it does not own.`,
      'Each method publishes its request, waits for the reply whose tid and bid both match, retries on timeout with a fresh tid, and checks the reply against its schema.',
      skippedNote(plan.skipped),
    ),
    properties: [
      { name: '#requesters', isReadonly: true, type: 'readonly MqttRequester[]' },
      { name: '#topicParams', isReadonly: true, type: 'Readonly<Record<string, string>>' },
      { name: '#options', isReadonly: true, type: optionsName },
    ],
    ctors: [
      {
        parameters: [
          { name: 'client', type: 'MqttClient' },
          { name: 'options', type: optionsName },
        ],
        statements: [
          'this.#options = options;',
          `this.#topicParams = ${topicParams};`,
          'const validate = options.validateReplies ?? true;',
          (writer) =>
            writer.write('this.#requesters = dockClientTopics.map((topics) => ').inlineBlock(() => {
              writer.writeLine('// Fails here, not at the first call, when a topic parameter is unusable.');
              writer.writeLine('new TopicTemplate(topics.requestTopic).fill(this.#topicParams);');
              writer.writeLine('return new MqttRequester(client, {');
              writer.indent(() => {
                writer.writeLine('requestTopic: topics.requestTopic,');
                writer.writeLine('replyTopic: topics.replyTopic,');
                writer.writeLine('qos: { request: options.qos?.request ?? topics.qos.request, reply: options.qos?.reply ?? topics.qos.reply },');
                writer.writeLine('...(validate && { replyValidator }),');
              });
              writer.writeLine('});');
            }).write(');'),
        ],
      },
    ],
    getAccessors: [
      {
        name: statsMember,
        returnType: 'RequesterStats',
        docs: ['Counts over all topic pairs: published attempts, timed-out attempts, and replies matched, stray (nothing waits for them), duplicate, late (after their wait ended) or malformed.'],
        statements: [
          'const total: RequesterStats = { matched: 0, stray: 0, duplicate: 0, late: 0, malformed: 0, published: 0, timedOut: 0 };',
          'for (const requester of this.#requesters) for (const [key, value] of Object.entries(requester.stats)) total[key as keyof RequesterStats] += value;',
          'return total;',
        ],
      },
    ],
    methods: [
      ...methods,
      {
        kind: StructureKind.Method,
        name: closeMember,
        returnType: 'void',
        docs: ['Stops listening and rejects waiting calls with MqttRequesterClosedError; the MQTT client stays connected.'],
        statements: ['for (const requester of this.#requesters) requester.close();'],
      },
      {
        kind: StructureKind.Method,
        name: '#call',
        isAsync: true,
        parameters: [
          { name: 'method', type: 'keyof typeof dockClientMethods' },
          { name: 'data', type: 'unknown' },
          { name: 'options', type: callOptionsName, initializer: '{}' },
        ],
        returnType: 'Promise<unknown>',
        statements: [
          'const entry = dockClientMethods[method];',
          'const reply = await this.#requesters[entry.group]!.request(method, this.#topicParams, data, {',
          '  timeoutMs: options.timeoutMs ?? this.#options.timeoutMs ?? entry.timeoutMs,',
          '  retries: options.retries ?? this.#options.retries ?? entry.retries,',
          '  ...(options.signal !== undefined && { signal: options.signal }),',
          '  ...(options.bid !== undefined && { bid: options.bid }),',
          '});',
          'return reply.data.output;',
        ],
      },
    ],
  };
}
