/**
 * Facts about a REST API that the client and server emitters both derive from the IR: error
 * roles and error-body fields, how each security scheme's value is written, which operation
 * hands out access tokens, and which operations answer skip/limit pages.
 */
import { refPointer } from '../../ir/refs.js';
import type { IrMedia, IrOperation, IrSecurityScheme, IrSpec } from '../../ir/types.js';
import { getAt, joinPointer } from '../../load/pointer.js';
import { words } from '../shared/naming.js';

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A schema node with its `$ref` chain followed. */
function deref(document: unknown, node: unknown): Schema | undefined {
  const seen = new Set<string>();
  let current = node;
  for (;;) {
    if (!isSchema(current)) return undefined;
    const target = typeof current.$ref === 'string' ? refPointer(current.$ref) : undefined;
    if (target === undefined) return current;
    if (seen.has(target)) return undefined;
    seen.add(target);
    current = getAt(document, target);
  }
}

/** Top-level properties of an object schema, its `allOf` members' included, with whether each is required. */
function propertiesOf(document: unknown, pointer: string): Map<string, { schema: Schema | undefined; required: boolean }> {
  const found = new Map<string, { schema: Schema | undefined; required: boolean }>();
  const visit = (node: unknown, depth: number): void => {
    const schema = deref(document, node);
    if (!schema || depth > 8) return;
    const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
    if (isSchema(schema.properties)) {
      for (const [name, property] of Object.entries(schema.properties)) {
        const previous = found.get(name);
        found.set(name, { schema: deref(document, property), required: (previous?.required ?? false) || required.has(name) });
      }
    }
    for (const name of required) {
      const previous = found.get(name);
      if (previous) previous.required = true;
    }
    if (Array.isArray(schema.allOf)) for (const member of schema.allOf) visit(member, depth + 1);
  };
  visit(getAt(document, pointer), 0);
  return found;
}

/** The pointer a `$ref` chain starting at `pointer` ends at. */
function resolvedPointer(document: unknown, pointer: string): string {
  let at = pointer;
  const seen = new Set<string>();
  for (;;) {
    const node = getAt(document, at);
    const target = isSchema(node) && typeof node.$ref === 'string' ? refPointer(node.$ref) : undefined;
    if (target === undefined || seen.has(target)) return at;
    seen.add(at);
    at = target;
  }
}

/** `x-error-roles` at the spec root: role name → catalogue code, sorted by role. */
export function errorRoles(ir: IrSpec): Record<string, number> {
  const roles = ir.document['x-error-roles'];
  if (!isSchema(roles)) return {};
  const entries = Object.entries(roles).filter((e): e is [string, number] => Number.isSafeInteger(e[1]));
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface ErrorFields {
  code: string;
  message: string;
  detail: string;
}

const DEFAULT_ERROR_FIELDS: ErrorFields = { code: 'error_code', message: 'error_message', detail: 'detail' };

/**
 * Field names of the error body, read from the schema most error responses use: the property
 * named like `code`, like `message` (or `msg`) and like `detail`. Defaults when there is none.
 */
export function errorFields(ir: IrSpec): ErrorFields {
  const uses = new Map<string, number>();
  for (const op of ir.operations) {
    for (const response of op.responses) {
      if (response.status.startsWith('2')) continue;
      const media = jsonMedia(response.contents);
      const at = media?.schema ? resolvedPointer(ir.document, media.schema.pointer) : undefined;
      if (at !== undefined) uses.set(at, (uses.get(at) ?? 0) + 1);
    }
  }
  const [schemaAt] = [...uses].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))[0] ?? [];
  if (schemaAt === undefined) return DEFAULT_ERROR_FIELDS;
  const names = [...propertiesOf(ir.document, schemaAt).keys()];
  const pick = (pattern: RegExp): string | undefined => names.find((n) => pattern.test(n));
  const code = pick(/(^|[_-])code$/i) ?? pick(/code/i);
  const message = pick(/(^|[_-])(message|msg)$/i) ?? pick(/message|msg/i);
  const detail = pick(/detail/i);
  return code !== undefined && message !== undefined ? { code, message, detail: detail ?? DEFAULT_ERROR_FIELDS.detail } : DEFAULT_ERROR_FIELDS;
}

/** The JSON media of a body (the first one when there are several), else the first. */
function jsonMedia(contents: readonly IrMedia[]): IrMedia | undefined {
  return contents.find((m) => isJsonContentType(m.contentType)) ?? contents[0];
}

function isJsonContentType(contentType: string): boolean {
  const essence = contentType.split(';')[0]!.trim().toLowerCase();
  return essence === 'application/json' || essence.endsWith('+json');
}

/** `[]` and any empty alternative mean the operation needs no credentials. */
function isOpen(security: readonly (readonly string[])[]): boolean {
  return security.length === 0 || security.some((set) => set.length === 0);
}

/** Success statuses as documented: `200`, `2XX`, … */
export function successStatuses(op: IrOperation): string[] {
  return op.responses.filter((r) => r.status.startsWith('2')).map((r) => r.status);
}

/**
 * What goes before a credential's value. For `http` schemes the auth scheme (`Bearer `);
 * for `apiKey` schemes the `x-value-prefix` extension, or the word the description shows before
 * the value (`` `Authorization: token <token>` `` → `token `).
 */
function valuePrefix(ir: IrSpec, scheme: IrSecurityScheme): string | undefined {
  if (scheme.type === 'http') return scheme.scheme ? `${capitalised(scheme.scheme)} ` : undefined;
  if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') return 'Bearer ';
  const node = getAt(ir.document, joinPointer('/components/securitySchemes', scheme.name));
  const declared = isSchema(node) ? node['x-value-prefix'] : undefined;
  if (typeof declared === 'string') return declared === '' ? undefined : declared;
  if (scheme.paramName === undefined || scheme.description === undefined) return undefined;
  const shown = new RegExp(`${escapeRegExp(scheme.paramName)}:\\s*([A-Za-z][\\w-]*)\\s+<`, 'i').exec(scheme.description);
  return shown ? `${shown[1]} ` : undefined;
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where a scheme's value goes, for the schemes a client or server can send or read. */
export interface SchemeWire {
  in: 'header' | 'query' | 'cookie';
  name: string;
  prefix?: string;
}

export function schemeWire(ir: IrSpec, scheme: IrSecurityScheme): SchemeWire | undefined {
  const prefix = valuePrefix(ir, scheme);
  const withPrefix = prefix === undefined ? {} : { prefix };
  if (scheme.type === 'apiKey' && scheme.in !== undefined && scheme.paramName !== undefined) return { in: scheme.in, name: scheme.paramName, ...withPrefix };
  if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') return { in: 'header', name: 'Authorization', ...withPrefix };
  return undefined;
}

/** The operation that hands out access tokens, and what it needs and answers. */
export interface AccessTokenOperation {
  operation: IrOperation;
  /** Success status whose body carries the token. */
  status: string;
  tokenField: string;
  /** Properties that may carry the expiry (epoch seconds), in schema order. */
  expiresAtFields: string[];
  /** Top-level request body properties (the credentials it is called with). */
  bodyFields: { name: string; required: boolean }[];
  pathParams: string[];
}

/**
 * The access-token operation: needs no credentials, and its only success answer is an object
 * with a `token` property and an expiry property. The first such operation by id.
 */
export function accessTokenOperation(ir: IrSpec): AccessTokenOperation | undefined {
  for (const operation of [...ir.operations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (!isOpen(operation.security)) continue;
    const successes = operation.responses.filter((r) => r.status.startsWith('2'));
    const media = successes.length === 1 ? jsonMedia(successes[0]!.contents) : undefined;
    if (!media?.schema) continue;
    const properties = propertiesOf(ir.document, media.schema.pointer);
    if (!properties.has('token')) continue;
    const expiresAtFields = [...properties.keys()].filter((name) => /expire/i.test(name));
    if (expiresAtFields.length === 0) continue;
    const bodyMedia = operation.requestBody ? jsonMedia(operation.requestBody.contents) : undefined;
    const body = bodyMedia?.schema ? propertiesOf(ir.document, bodyMedia.schema.pointer) : new Map();
    return {
      operation,
      status: successes[0]!.status,
      tokenField: 'token',
      expiresAtFields,
      bodyFields: [...body].map(([name, p]) => ({ name, required: p.required })),
      pathParams: operation.parameters.filter((p) => p.in === 'path').map((p) => p.name),
    };
  }
  return undefined;
}

/** How the client fills in one security scheme. */
export type ClientScheme = SchemeWire & ({ kind: 'token' } | { kind: 'credential'; credential: string });

/**
 * Each security scheme the client can send, by name. A scheme whose name (or parameter name)
 * ends like a field of the access-token request (`EnterpriseId` ↔ `enterprise_id`) is sent from
 * that credential; with an access-token operation, the others carry its token; without one,
 * every scheme is a credential named after the scheme.
 */
export function clientSchemes(ir: IrSpec, tokenOperation: AccessTokenOperation | undefined): Map<string, ClientScheme> {
  const fields = tokenOperation ? [...tokenOperation.bodyFields.map((f) => f.name), ...tokenOperation.pathParams] : [];
  const schemes = new Map<string, ClientScheme>();
  for (const scheme of [...ir.securitySchemes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const wire = schemeWire(ir, scheme);
    if (!wire || wire.in === 'cookie') continue;
    const own = snake(scheme.name);
    const param = snake(scheme.paramName ?? '');
    const field = fields.find((f) => f === own || f === param || param.endsWith(`_${f}`));
    if (field !== undefined) schemes.set(scheme.name, { ...wire, kind: 'credential', credential: field });
    else if (tokenOperation) schemes.set(scheme.name, { ...wire, kind: 'token' });
    else schemes.set(scheme.name, { ...wire, kind: 'credential', credential: scheme.name });
  }
  return schemes;
}

function snake(name: string): string {
  return words(name).map((w) => w.toLowerCase()).join('_');
}

/** A skip/limit list operation: its single success body has `meta` and an `objects` array, and it takes `skip`. */
export interface ListShape {
  status: string;
  hasLimit: boolean;
}

export function listShape(ir: IrSpec, op: IrOperation): ListShape | undefined {
  const successes = op.responses.filter((r) => r.status.startsWith('2'));
  const media = successes.length === 1 ? jsonMedia(successes[0]!.contents) : undefined;
  if (!media?.schema) return undefined;
  const properties = propertiesOf(ir.document, media.schema.pointer);
    if (!properties.has('meta') || !isArraySchema(properties.get('objects')?.schema)) return undefined;
  const query = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  if (!query.includes('skip')) return undefined;
  return { status: successes[0]!.status, hasLimit: query.includes('limit') };
}

function isArraySchema(schema: Schema | undefined): boolean {
  const type = schema?.type;
  return type === 'array' || (Array.isArray(type) && type.includes('array'));
}
