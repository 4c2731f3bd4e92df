import {
  StructureKind,
  VariableDeclarationKind,
  type FunctionDeclarationStructure,
  type InterfaceDeclarationStructure,
  type SourceFileStructure,
  type StatementStructures,
  type VariableStatementStructure,
  type WriterFunction,
} from 'ts-morph';
import type { IrSpec } from '../../ir/types.js';
import { jsonLiteral, propertyKeyForLiteral, stringLiteral } from '../shared/escape.js';
import { docsOf, skippedNote } from '../mqtt-client/doc.js';
import { blankLineBefore, literalOf } from '../mqtt-client/literal.js';
import { paramKeys, planMqtt, type MqttPlan } from '../mqtt-client/plan.js';
import { responderCodes } from './error-roles.js';

/** Keys of the handler context that are not topic parameters. */
const CONTEXT_KEYS = ['tid', 'bid', 'request'];

/** `cloud-handlers.ts`: the handler interface of the replying side and the function that attaches it. */
export function handlersModule(ir: IrSpec): SourceFileStructure {
  const plan = planMqtt(ir);
  const names = {
    handlers: plan.names.cloudHandlers,
    context: plan.names.handlerContext,
    options: plan.names.cloudHandlersOptions,
    attach: plan.names.attachCloudHandlers,
  };
  const params = paramKeys(plan.topicParams, CONTEXT_KEYS);
  const paramDocs = new Map(plan.methods.flatMap((m) => m.method.request.channel.parameters.map((p) => [p.name, p.description] as const)));
  const codes = responderCodes(ir, plan.methods.map((m) => m.method.name));

  const statements: StatementStructures[] = [
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: ['MqttClient'], moduleSpecifier: 'mqtt' },
    {
      kind: StructureKind.ImportDeclaration,
      namedImports: ['attachResponder', 'type HandlerContext', 'type MethodHandler', 'type MqttResponder', 'type ResponderEvent', 'type ResponderStats'],
      moduleSpecifier: './runtime/mqtt-responder.js',
    },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: ['Qos'], moduleSpecifier: './runtime/mqtt-topics.js' },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namespaceImport: 'T', moduleSpecifier: './types.js' },
    { kind: StructureKind.ImportDeclaration, namedImports: ['methodValidators'], moduleSpecifier: './validators.js' },
    constant(
      'cloudHandlerTopics',
      literalOf(
        '[',
        plan.groups.map((g, i) =>
          [
            `{ requestTopic: ${stringLiteral(g.requestTopic)}, replyTopic: ${stringLiteral(g.replyTopic)}`,
            `qos: ${jsonLiteral({ subscribe: g.qos.subscribe, reply: g.qos.reply })}`,
            `methods: ${jsonLiteral(plan.methods.filter((m) => m.group === i).map((m) => m.method.name))} }`,
          ].join(', '),
        ),
        ' as const',
      ),
      'The topic pairs and the methods answered on each: one request subscription per pair. QoS is the highest any of its methods asks for.',
    ),
    constant(
      'cloudHandlerErrorCodes',
      `${jsonLiteral(codes.all)} as const`,
      "The reply `result` for requests that cannot be served, from the spec's `x-error-roles` (`requestInvalid` is `malformed`); the runtime's defaults fill the gaps.",
    ),
    constant(
      'cloudHandlerMethodErrorCodes',
      literalOf('{', codes.methods.map(([method, own]) => `${propertyKeyForLiteral(method)}: ${jsonLiteral(own)}`), ' as const'),
      "Codes of single methods from `x-error-roles`, over `cloudHandlerErrorCodes`: e.g. a method's own \"failed\" code for a handler that throws or answers off-schema.",
    ),
    ...plan.methods.map(({ method, type, handlerResult }) => ({
      kind: StructureKind.TypeAlias as const,
      leadingTrivia: blankLineBefore,
      name: handlerResult,
      isExported: true,
      type: `{ result: 0; output: T.${type}ReplyOutput } | { result: number; output?: unknown }`,
      ...docsOf(`The answer of a \`${method.name}\` handler: \`result\` 0 with the typed output, or an error code with an optional message.`),
    })),
    {
      kind: StructureKind.Interface,
      name: names.context,
      isExported: true,
      typeParameters: ['Request'],
      docs: ['What a handler knows about the request besides its `data`.'],
      properties: [
        ...params.map(({ param, key }) => ({ name: key, type: 'string', ...docsOf(`The \`{${param}}\` of the topic the request arrived on.`, paramDocs.get(param)) })),
        { name: 'tid', type: 'string' },
        { name: 'bid', type: 'string' },
        { name: 'request', type: 'Request', docs: ['The whole request envelope, already checked against its schema.'] },
      ],
    } satisfies InterfaceDeclarationStructure,
    {
      kind: StructureKind.Interface,
      name: names.handlers,
      isExported: true,
      ...docsOf(
        `The replying side of the MQTT methods of ${ir.title} (${ir.version}): one handler per method.`,
        'A handler that throws, or answers off-schema, makes the reply an error with the code from `x-error-roles`; it never stops the others.',
        skippedNote(plan.skipped),
      ),
      methods: plan.methods.map(({ method, member, type, handlerResult }) => ({
        name: member,
        parameters: [
          { name: 'data', type: `T.${type}RequestData` },
          { name: 'context', type: `${names.context}<T.${type}Request>` },
        ],
        returnType: `Promise<${handlerResult}> | ${handlerResult}`,
        ...docsOf(`\`${method.name}\`: ${method.summary ?? ''}`, method.description),
      })),
    } satisfies InterfaceDeclarationStructure,
    {
      kind: StructureKind.Interface,
      name: names.options,
      isExported: true,
      properties: [
        { name: 'qos', hasQuestionToken: true, type: '{ subscribe?: Qos; reply?: Qos }', docs: ["QoS of the request subscription and of the replies; default: the spec's (`cloudHandlerTopics`)."] },
        { name: 'log', hasQuestionToken: true, type: '(event: ResponderEvent) => void', docs: ['Told about every request that was dropped or answered with an error.'] },
      ],
    } satisfies InterfaceDeclarationStructure,
    attachFunction(plan, names, params),
    {
      kind: StructureKind.Function,
      name: 'validatorsOf',
      parameters: [{ name: 'method', type: 'string' }],
      statements: ['return Object.hasOwn(methodValidators, method) ? methodValidators[method as keyof typeof methodValidators] : undefined;'],
    },
    {
      kind: StructureKind.Function,
      name: 'contextOf',
      typeParameters: ['Request'],
      parameters: [{ name: 'context', type: 'HandlerContext' }],
      returnType: `${names.context}<Request>`,
      statements: [
        `return { ${[
          ...params.map(({ param, key }) => `${key}: context.params[${stringLiteral(param)}] as string`),
          'tid: context.tid',
          'bid: context.bid',
          'request: context.request as unknown as Request',
        ].join(', ')} };`,
      ],
    },
    {
      kind: StructureKind.Function,
      name: 'combined',
      parameters: [{ name: 'responders', type: 'readonly MqttResponder[]' }],
      returnType: 'MqttResponder',
      docs: ['One responder per topic pair, seen as one.'],
      statements: [
        'if (responders.length === 1) return responders[0]!;',
        (writer) =>
          writer.write('return ').inlineBlock(() => {
            writer.write('get stats(): ResponderStats ').inlineBlock(() => {
              writer.writeLine('const total: ResponderStats = { received: 0, replied: 0, dropped: 0, invalid: 0, unknownMethod: 0, handlerFailed: 0, publishFailed: 0 };');
              writer.writeLine('for (const responder of responders) for (const [key, value] of Object.entries(responder.stats)) total[key as keyof ResponderStats] += value;');
              writer.writeLine('return total;');
            });
            writer.write(',').newLine();
            writer.write('async close() ').inlineBlock(() => {
              writer.writeLine('await Promise.all(responders.map((responder) => responder.close()));');
            });
            writer.write(',').newLine();
          }).write(';'),
      ],
    },
  ];
  return { kind: StructureKind.SourceFile, statements };
}

function attachFunction(
  plan: MqttPlan,
  names: { handlers: string; options: string; attach: string },
  params: { param: string; key: string }[],
): FunctionDeclarationStructure {
  const handlerEntries = plan.methods.map(
    ({ method, member, type }) =>
      `${propertyKeyForLiteral(method.name)}: (data: T.${type}RequestData, context: HandlerContext) => handlers.${member}(data, contextOf<T.${type}Request>(context))`,
  );
  return {
    kind: StructureKind.Function,
    name: names.attach,
    isExported: true,
    isAsync: true,
    parameters: [
      { name: 'client', type: 'MqttClient' },
      { name: 'handlers', type: names.handlers },
      { name: 'options', type: names.options, initializer: '{}' },
    ],
    returnType: 'Promise<MqttResponder>',
    ...docsOf(
      `Answers every request on ${plan.groups.map((g) => `\`${g.requestTopic}\``).join(', ')} with \`handlers\`, once the broker acknowledged the subscription${plan.groups.length === 1 ? '' : 's'}.`,
      `Requests are checked against their schemas (an invalid one gets result \`cloudHandlerErrorCodes.malformed\` and never reaches a handler), replies too; the reply goes to the reply topic of the same ${params.map((p) => `\`{${p.param}}\``).join(', ') || 'topic'}. \`close()\` unsubscribes; the client stays connected.`,
    ),
    statements: [
      (writer) => {
        writer.write('const methodHandlers: Readonly<Record<string, MethodHandler>> = ');
        literalOf('{', handlerEntries, ';')(writer);
        writer.newLine();
      },
      'const responders: MqttResponder[] = [];',
      (writer) =>
        writer
          .write('try ')
          .inlineBlock(() => {
            writer.write('for (const topics of cloudHandlerTopics) ').inlineBlock(() => {
              writer.writeLine('const responder = await attachResponder(client, {');
              writer.indent(() => {
                writer.writeLine('requestTopic: topics.requestTopic,');
                writer.writeLine('replyTopic: topics.replyTopic,');
                writer.writeLine('qos: { subscribe: options.qos?.subscribe ?? topics.qos.subscribe, reply: options.qos?.reply ?? topics.qos.reply },');
                writer.writeLine('handlers: Object.fromEntries(topics.methods.map((method) => [method, methodHandlers[method]!])),');
                writer.writeLine('requestValidator: (method) => validatorsOf(method)?.request,');
                writer.writeLine('replyValidator: (method) => validatorsOf(method)?.reply,');
                writer.writeLine('errorCodes: cloudHandlerErrorCodes,');
                writer.writeLine('methodErrorCodes: cloudHandlerMethodErrorCodes,');
                writer.writeLine('...(options.log !== undefined && { log: options.log }),');
              });
              writer.writeLine('});');
              writer.writeLine('responders.push(responder);');
            });
          })
          .write(' catch (error) ')
          .inlineBlock(() => {
            writer.writeLine('await Promise.all(responders.map((responder) => responder.close()));');
            writer.writeLine('throw error;');
          }),
      'return combined(responders);',
    ],
  };
}

function constant(name: string, initializer: string | WriterFunction, doc: string): VariableStatementStructure {
  return {
    kind: StructureKind.VariableStatement,
    leadingTrivia: blankLineBefore,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [doc],
    declarations: [{ name, initializer }],
  };
}
