import { getAt, joinPointer } from '../../load/pointer.js';
import type { IrMethod, IrOperation, IrParameter } from '../../ir/types.js';
import { stringLiteral } from '../shared/escape.js';
import type { Mode } from './check.js';
import { array, call, cast, line, object, raw, str, type Code } from './code.js';
import type { InvalidCompiler, InvalidScope } from './invalid.js';
import { typed } from './model.js';
import type { Schemas } from './schemas.js';
import type { ValidCompiler } from './valid.js';

/** What compiling request and message arbitraries needs; `scope` reaches named schemas by their exports. */
export interface Compilers {
  /** The IR document, to find where a parameter says it is required. */
  document: unknown;
  schemas: Schemas;
  valid: ValidCompiler;
  invalid: InvalidCompiler;
  scope: InvalidScope;
}

const LOCATIONS = [
  ['path', 'path'],
  ['query', 'query'],
  ['header', 'headers'],
] as const;

/** `A.operation({...})` for one REST operation: parameter models, body, and what can be broken. */
export function operationArbitrary(operation: IrOperation, c: Compilers): Code {
  const model: [string, Code][] = [];
  const invalid: [string, Code][] = [];
  for (const [location, key] of LOCATIONS) {
    const fields: [string, Code][] = [];
    const mutations: Code[] = [];
    for (const parameter of operation.parameters.filter((p) => p.in === location)) {
      const field = parameterField(parameter, location, c);
      if (field) fields.push([parameter.name, field]);
      mutations.push(...parameterMutations(parameter, location, c));
    }
    model.push([key, object(fields)]);
    if (mutations.length > 0) invalid.push([key, array(mutations)]);
  }
  const media = bodyMedia(operation);
  if (media?.schema) {
    const node = c.schemas.at(media.schema.pointer);
    const body = c.valid.valid(node, 'json', c.scope);
    const arbitrary = body?.code ?? call('A.unsatisfiable', str(`the request body of ${operation.id}`));
    model.push([
      'body',
      object([
        ['arbitrary', arbitrary],
        ['required', raw(String(operation.requestBody?.required ?? false))],
        ['contentType', str(media.contentType)],
      ]),
    ]);
    const mutations = body && isJson(media.contentType) ? c.invalid.mutations(node, 'json', c.scope) : [];
    if (mutations.length > 0) invalid.push(['body', array(mutations)]);
  }
  return call('A.operation', object([...model, ['invalid', object(invalid)]]));
}

function parameterField(parameter: IrParameter, location: Mode, c: Compilers): Code | undefined {
  const node = parameter.schema ? c.schemas.at(parameter.schema.pointer) : typed(parameter.location.pointer);
  const compiled = c.valid.valid(node, location, c.scope);
  const explode = parameter.explode === true ? [raw('true')] : [];
  const value = !compiled
    ? call('A.unsatisfiable', str(`parameter ${parameter.name}`))
    : location === 'path'
      ? call('A.pathValue', compiled.code, ...explode)
      : location === 'header'
        ? call('A.headerValue', compiled.code, ...explode)
        : compiled.code;
  if (parameter.required) return value;
  return compiled ? call('A.optional', value) : undefined;
}

function parameterMutations(parameter: IrParameter, location: Mode, c: Compilers): Code[] {
  const mutations: Code[] = [];
  if (parameter.required && location !== 'path') {
    // Reported at the parameter's `required: true`, or at the parameter when that is implicit.
    const said = joinPointer(parameter.location.pointer, 'required');
    mutations.push(line('A.remove', array([]), str(parameter.name), str(getAt(c.document, said) === undefined ? parameter.location.pointer : said)));
  }
  if (parameter.schema) {
    mutations.push(...c.invalid.parameter(c.schemas.at(parameter.schema.pointer), parameter.name, !parameter.required, location, c.scope));
  }
  return mutations;
}

/** The body to send: the first JSON content type with a schema, else the first content with one. */
function bodyMedia(operation: IrOperation) {
  const contents = operation.requestBody?.contents ?? [];
  return contents.find((m) => m.schema && isJson(m.contentType)) ?? contents.find((m) => m.schema);
}

function isJson(contentType: string): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
}

/** `A.message(valid, invalid)` for one MQTT method's request envelope. */
export function methodArbitrary(method: IrMethod, c: Compilers): Code {
  const node = c.schemas.at(method.request.payload.pointer);
  const valid = c.valid.valid(node, 'json', c.scope)?.code ?? call('A.unsatisfiable', str(`the request of ${method.name}`));
  const mutations = c.invalid.mutations(node, 'json', c.scope);
  const typedValid = cast(valid, `fc.Arbitrary<T.Methods[${stringLiteral(method.name)}]['request']>`);
  return call('A.message', typedValid, ...(mutations.length > 0 ? [array(mutations)] : []));
}
