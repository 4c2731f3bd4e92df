import type { IrOperation, IrParameter, IrSpec } from '../../ir/types.js';
import { isRecord } from '../../ir/values.js';
import { getAt } from '../../load/pointer.js';
import { planMqtt, paramKeys } from '../mqtt-client/plan.js';
import { accessTokenOperation, clientSchemes } from '../rest-client/api-facts.js';
import { restNames } from '../rest-client/rest-names.js';
import { jsonLiteral, propertyKeyForLiteral, stringLiteral } from '../shared/escape.js';
import { specNames } from '../shared/spec-names.js';
import { placeholderValue, propertyRows } from './schema-text.js';

/**
 * The usage snippet of the reference page: TypeScript that constructs the generated client and
 * makes one call, with the generated module's real names. Spec values reach it only as literals.
 */
export interface UsageSnippet {
  /** What the snippet shows, one sentence. */
  intro: string;
  code: string;
}

/** Where the snippet imports the generated module from (the default output folder). */
function modulePath(ir: IrSpec): string {
  return stringLiteral(`./generated/${ir.name}/index.js`);
}

export function usageSnippet(ir: IrSpec): UsageSnippet | undefined {
  return ir.kind === 'openapi' ? restUsage(ir) : mqttUsage(ir);
}

function restUsage(ir: IrSpec): UsageSnippet {
  const rest = restNames(ir);
  const names = specNames(ir);
  const credentials = credentialPlaceholders(ir);
  const call = exampleOperation(ir);
  const options = [`baseUrl: ${stringLiteral(baseUrl(ir))}`, ...(credentials.length === 0 ? [] : [`credentials: { ${credentials.join(', ')} }`])];
  const lines = [
    `import { ${rest.client}, ${rest.isApiError} } from ${modulePath(ir)};`,
    '',
    `const client = new ${rest.client}({\n${options.map((o) => `  ${o},\n`).join('')}});`,
  ];
  if (call) {
    lines.push(
      '',
      'try {',
      `  const body = await client.${names.operationMember(call.id)}(${requestLiteral(ir, call)});`,
      '  console.log(body);',
      '} catch (error) {',
      `  if (!${rest.isApiError}(error)) throw error;`,
      '  console.error(error.status, error.code, error.errorMessage);',
      '}',
    );
  }
  const intro = call
    ? `Construct \`${rest.client}\` and call an operation; a non-2xx answer rejects with an error that \`${rest.isApiError}\` recognises.`
    : `Construct \`${rest.client}\`.`;
  return { intro, code: lines.join('\n') };
}

/** The spec's first plain http(s) server (the client's default), else a local one (the option is then required). */
function baseUrl(ir: IrSpec): string {
  return ir.servers.map((s) => s.url).find((url) => /^https?:\/\/[^{}]+$/i.test(url)) ?? 'http://localhost:8080';
}

/** `name: value` entries for the credentials option, as the client names them. */
function credentialPlaceholders(ir: IrSpec): string[] {
  const token = accessTokenOperation(ir);
  const entries = new Map<string, unknown>();
  if (token) {
    for (const p of token.operation.parameters) if (p.in === 'path') entries.set(p.name, parameterPlaceholder(ir, p));
    const body = token.operation.requestBody?.contents.find((m) => m.schema !== undefined);
    const rows = body?.schema ? (propertyRows(ir.document, getAt(ir.document, body.schema.pointer)) ?? []) : [];
    for (const row of rows) entries.set(row.name, placeholderValue(ir.document, row.schema, row.name));
  }
  for (const scheme of clientSchemes(ir, token).values()) {
    if (scheme.kind === 'credential' && !entries.has(scheme.credential)) entries.set(scheme.credential, `<${scheme.credential}>`);
  }
  return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, value]) => `${propertyKeyForLiteral(name)}: ${valueLiteral(value)}`);
}

function parameterPlaceholder(ir: IrSpec, p: IrParameter): unknown {
  return placeholderValue(ir.document, p.schema ? getAt(ir.document, p.schema.pointer) : undefined, p.name);
}

/**
 * The operation the snippet calls: not the access-token one, no required body without an
 * example, GET first, then fewest required parameters, then id.
 */
function exampleOperation(ir: IrSpec): IrOperation | undefined {
  const token = accessTokenOperation(ir)?.operation.id;
  const candidates = ir.operations.filter((op) => op.id !== token && (!op.requestBody?.required || bodyExample(op) !== undefined));
  const required = (op: IrOperation): number => op.parameters.filter((p) => p.required).length;
  return candidates.sort(
    (a, b) => Number(b.method === 'get') - Number(a.method === 'get') || required(a) - required(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )[0];
}

function bodyExample(op: IrOperation): { value: unknown } | undefined {
  for (const media of op.requestBody?.contents ?? []) {
    const example = media.examples[0];
    if (example !== undefined && /json/i.test(media.contentType)) return { value: example.value };
  }
  return undefined;
}

function requestLiteral(ir: IrSpec, op: IrOperation): string {
  const group = (where: 'path' | 'query' | 'header'): string => {
    const params = op.parameters.filter((p) => p.in === where && (where === 'path' || p.required));
    const entries = params.map((p) => `${propertyKeyForLiteral(p.name)}: ${valueLiteral(parameterPlaceholder(ir, p))}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  };
  const parts = [`path: ${group('path')}`];
  if (op.parameters.some((p) => p.in === 'query' && p.required)) parts.push(`query: ${group('query')}`);
  if (op.parameters.some((p) => p.in === 'header' && p.required)) parts.push(`headers: ${group('header')}`);
  if (op.requestBody?.required) parts.push(`body: ${valueLiteral(bodyExample(op)!.value)}`);
  return `{ ${parts.join(', ')} }`;
}

function mqttUsage(ir: IrSpec): UsageSnippet | undefined {
  const plan = planMqtt(ir);
  if (plan.methods.length === 0) return undefined;
  const className = plan.names.dockClient;
  // The client options that are not topic parameters (see the mqtt-client emitter).
  const params = paramKeys(plan.topicParams, ['timeoutMs', 'retries', 'qos', 'validateReplies']);
  const options = params.map(({ param, key }) => `${propertyKeyForLiteral(key)}: ${stringLiteral(`<${param}>`)}`);
  const withData = plan.methods.map((m) => ({ m, data: requestData(m.method.request.examples) })).find((c) => c.data !== undefined);
  const lines = [
    'import { connectAsync } from "mqtt";',
    `import { ${className} } from ${modulePath(ir)};`,
    '',
    'const connection = await connectAsync("mqtt://localhost:1883");',
    `const dock = new ${className}(connection, { ${options.join(', ')} });`,
  ];
  if (withData) {
    lines.push(
      '',
      'try {',
      `  const output = await dock.${withData.m.member}(${valueLiteral(withData.data!.value)});`,
      '  console.log(output);',
      '} finally {',
      '  dock.close();',
      '  await connection.endAsync();',
      '}',
    );
  }
  const intro = withData
    ? `Connect an mqtt.js client, wrap it in \`${className}\` and send \`${withData.m.method.name}\`: the call resolves with the reply's output once a reply with the same \`tid\` and \`bid\` arrives.`
    : `Connect an mqtt.js client and wrap it in \`${className}\`.`;
  return { intro, code: lines.join('\n') };
}

/** The `data` of the first request example that has one. */
function requestData(examples: readonly { value: unknown }[]): { value: unknown } | undefined {
  for (const example of examples) if (isRecord(example.value) && Object.hasOwn(example.value, 'data')) return { value: example.value.data };
  return undefined;
}

/** A TypeScript literal for a JSON value whose object literals define own properties (`__proto__` included). */
function valueLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(valueLiteral).join(', ')}]`;
  if (isRecord(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${propertyKeyForLiteral(k)}: ${valueLiteral(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return typeof value === 'string' ? stringLiteral(value) : jsonLiteral(value);
}
