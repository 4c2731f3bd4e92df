import { joinPointer } from '../load/pointer.js';
import type { IrContext } from './context.js';
import type { ErrorCatalogue } from './error-catalogue.js';
import { isMultiFormatSchema } from './schema-roots.js';
import type { IrNamedSchema, IrSecurityScheme } from './types.js';
import { compact, compareStrings, entriesOf, isRecord, stringOf } from './values.js';

/**
 * `components/schemas` entries, sorted by name. With `multiFormat` (AsyncAPI), an entry that is a
 * Multi Format Schema Object points at its inner `schema`.
 */
export function buildNamedSchemas(ctx: IrContext, schemas: unknown, pointer: string, multiFormat: boolean): IrNamedSchema[] {
  return entriesOf(schemas)
    .map(([name, schema]) => {
      const at = joinPointer(pointer, name);
      const inner = multiFormat && isMultiFormatSchema(schema) ? schema.schema : schema;
      return compact({
        name,
        schema: ctx.schemaRef(inner === schema ? at : joinPointer(at, 'schema')),
        description: isRecord(inner) ? stringOf(inner.description) : undefined,
      });
    })
    .sort((a, b) => compareStrings(a.name, b.name));
}

const KEY_LOCATIONS = new Set(['header', 'query', 'cookie']);

/** `components/securitySchemes`, sorted by name (OpenAPI and AsyncAPI share the shape that matters here). */
export function buildSecuritySchemes(ctx: IrContext, schemes: unknown, pointer: string, catalogue?: ErrorCatalogue): IrSecurityScheme[] {
  const built: IrSecurityScheme[] = [];
  for (const [name, scheme] of entriesOf(schemes)) {
    const resolved = ctx.resolve(scheme, joinPointer(pointer, name), 'security scheme');
    if (!resolved) continue;
    const node = resolved.node;
    const type = stringOf(node.type) ?? '';
    const keyIn = stringOf(node.in);
    built.push(
      compact({
        name,
        type,
        // AsyncAPI's `apiKey` goes in `user`/`password`, which is not a request location.
        in: keyIn !== undefined && KEY_LOCATIONS.has(keyIn) ? (keyIn as IrSecurityScheme['in']) : undefined,
        paramName: type === 'apiKey' || type === 'httpApiKey' ? stringOf(node.name) : undefined,
        scheme: stringOf(node.scheme),
        description: resolved.description ?? stringOf(node.description),
        errorCode: catalogue?.code(node['x-error-code'], joinPointer(resolved.pointer, 'x-error-code')),
        location: ctx.locate(resolved.pointer),
      }),
    );
  }
  return built.sort((a, b) => compareStrings(a.name, b.name));
}

/** `{name}` placeholders of a server URL replaced by their variables' defaults. */
export function substituteServerVariables(template: string, variables: unknown): string {
  return template.replace(/\{([^}]+)\}/g, (placeholder, name: string) => {
    const variable = isRecord(variables) && Object.hasOwn(variables, name) ? variables[name] : undefined;
    const value = isRecord(variable) ? variable.default : undefined;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : placeholder;
  });
}

/** The URL scheme of an absolute URL, lower-cased (`https`, `mqtt`, …). */
export function protocolOf(url: string): string | undefined {
  return /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1]?.toLowerCase();
}
