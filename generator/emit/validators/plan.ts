import type { IrMedia, IrOperation, IrSpec, ParameterLocation } from '../../ir/types.js';
import { compareStrings } from '../../ir/values.js';
import { joinPointer } from '../../load/pointer.js';
import { addProtoPatterns } from '../../load/proto-properties.js';
import type { BuiltSchema, CompileTarget } from './compile.js';
import { refTo } from './fragment.js';
import { valueAt } from './ref-chain.js';

/** Which standalone module holds a validator: plain, or coercing strings (parameters and headers). */
export type ModuleKind = 'plain' | 'coercing';

/** One validator of validators.ts: the standalone function it wraps and the schema it checks. */
export interface ValidatorUse {
  module: ModuleKind;
  exportName: string;
  /** Pointer of the validated schema (for a parameter object: the operation or response). */
  schemaPointer: string;
}

/** Locations of parameter validators, with their key in `operationValidators`. */
export const PARAMETER_LOCATIONS = [
  ['path', 'path'],
  ['query', 'query'],
  ['header', 'headers'],
] as const satisfies readonly (readonly [ParameterLocation, string])[];

export type ParameterKey = (typeof PARAMETER_LOCATIONS)[number][1];

export interface OperationPlan {
  operation: IrOperation;
  parameters: Partial<Record<ParameterKey, ValidatorUse>>;
  body?: ValidatorUse;
  responses: { status: string; body?: ValidatorUse; headers?: ValidatorUse }[];
}

export interface ValidatorPlan {
  /** Exports of validators.standalone.js and validators.params.standalone.js, in export order. */
  targets: Record<ModuleKind, CompileTarget[]>;
  schemas: { name: string; use: ValidatorUse }[];
  operations: OperationPlan[];
  methods: { name: string; request: ValidatorUse; reply: ValidatorUse }[];
}

const EXPORT_PREFIX: Record<ModuleKind, string> = { plain: 'v', coercing: 'p' };

/**
 * Decides every validator of a spec and the standalone function behind each. Export names are
 * `v0, v1, …` (plain) and `p0, p1, …` (coercing) in a fixed order: named schemas by name, then
 * operations by id, then methods by name. A schema validated in several places gets one export.
 */
export function planValidators(ir: IrSpec): ValidatorPlan {
  const exports = new Exports();
  const byName = <T extends { name: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => compareStrings(a.name, b.name));

  const schemas = byName(ir.schemas).map((s) => ({ name: s.name, use: exports.schema('plain', s.schema.pointer) }));

  const operations = [...ir.operations]
    .sort((a, b) => compareStrings(a.id, b.id))
    .map((operation): OperationPlan => {
      const parameters: OperationPlan['parameters'] = {};
      for (const [location, key] of PARAMETER_LOCATIONS) {
        const fields = operation.parameters
          .filter((p) => p.in === location)
          .map((p) => ({ name: p.name, required: p.required, schema: p.schema?.pointer, pointer: p.location.pointer }));
        if (fields.length > 0) parameters[key] = exports.built('coercing', operation.location.pointer, objectOf(ir.document, fields));
      }
      const requestBody = operation.requestBody && schemaOf(operation.requestBody.contents);
      const responses = operation.responses.map((response) => {
        const body = schemaOf(response.contents);
        const headers = response.headers.map((h) => ({ name: h.name, required: h.required, schema: h.schema?.pointer, pointer: h.location.pointer }));
        const headersAt = joinPointer(response.location.pointer, 'headers');
        return {
          status: response.status,
          ...(body === undefined ? {} : { body: exports.schema('plain', body) }),
          ...(headers.length === 0 ? {} : { headers: exports.built('coercing', headersAt, objectOf(ir.document, headers)) }),
        };
      });
      return { operation, parameters, ...(requestBody === undefined ? {} : { body: exports.schema('plain', requestBody) }), responses };
    });

  const methods = byName(ir.methods).map((m) => ({
    name: m.name,
    request: exports.schema('plain', m.request.payload.pointer),
    reply: exports.schema('plain', m.reply.payload.pointer),
  }));
  return { targets: exports.targets, schemas, operations, methods };
}

/** Hands out export names in order of first use; a schema pointer gets one export per module. */
class Exports {
  readonly targets: Record<ModuleKind, CompileTarget[]> = { plain: [], coercing: [] };
  private readonly byPointer: Record<ModuleKind, Map<string, string>> = { plain: new Map(), coercing: new Map() };
  private readonly byBuilt: Record<ModuleKind, Map<string, string>> = { plain: new Map(), coercing: new Map() };

  schema(module: ModuleKind, pointer: string): ValidatorUse {
    let exportName = this.byPointer[module].get(pointer);
    if (exportName === undefined) {
      exportName = this.next(module);
      this.targets[module].push({ exportName, pointer });
      this.byPointer[module].set(pointer, exportName);
    }
    return { module, exportName, schemaPointer: pointer };
  }

  /** A schema built for the validator; equal schemas (same JSON, same error pointers) share an export. */
  built(module: ModuleKind, schemaPointer: string, built: BuiltSchema): ValidatorUse {
    const key = JSON.stringify([built.schema, built.ownErrors]);
    let exportName = this.byBuilt[module].get(key);
    if (exportName === undefined) {
      exportName = this.next(module);
      this.targets[module].push({ exportName, ...built });
      this.byBuilt[module].set(key, exportName);
    }
    return { module, exportName, schemaPointer };
  }

  private next(module: ModuleKind): string {
    return `${EXPORT_PREFIX[module]}${this.targets[module].length}`;
  }
}

/** The schema validated for a body: the JSON one when there are several content types. */
function schemaOf(contents: readonly IrMedia[]): string | undefined {
  const withSchema = contents.filter((m) => m.schema !== undefined);
  const json = withSchema.find((m) => isJson(m.contentType)) ?? withSchema[0];
  return json?.schema?.pointer;
}

function isJson(contentType: string): boolean {
  const essence = contentType.split(';')[0]!.trim().toLowerCase();
  return essence === 'application/json' || essence.endsWith('+json');
}

interface Field {
  name: string;
  required: boolean;
  schema: string | undefined;
  /** Pointer of the parameter or header object in the spec. */
  pointer: string;
}

/**
 * The schema of an object holding parameters (or headers) by name. Each required field gets its
 * own `required` subschema, so a missing one is reported at its own `required: true` in the spec
 * (or at the parameter, when the spec leaves it implicit).
 */
function objectOf(document: unknown, fields: readonly Field[]): BuiltSchema {
  const required = fields.filter((f) => f.required);
  // "Not an object" is reported at the operation (or response headers) the validator stands for.
  const ownErrors: Record<string, string | null> = { '/type': null };
  required.forEach((f, i) => {
    // Path parameters are required whether or not the spec says so.
    const said = joinPointer(f.pointer, 'required');
    ownErrors[`/allOf/${i}/required`] = valueAt(document, said) === undefined ? f.pointer : said;
  });
  const schema = {
    type: 'object',
    properties: Object.fromEntries(fields.flatMap((f) => (f.schema === undefined ? [] : [[f.name, { $ref: refTo(f.schema) }]]))),
    ...(required.length === 0 ? {} : { allOf: required.map((f) => ({ required: [f.name] })) }),
  };
  // A parameter named `__proto__` is checked too (its errors come from its `$ref`, in the spec).
  addProtoPatterns(schema);
  return { schema, ownErrors };
}
