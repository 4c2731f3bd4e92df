import type { PlainObject } from './walk.js';

/**
 * Draft-04 (and OpenAPI 3.0) write exclusive bounds as booleans next to `minimum`/`maximum`;
 * draft-06 and later as the bound itself. Rewrites `schema` in place to the later form.
 */
export function exclusiveBoundsAsNumbers(schema: PlainObject): void {
  for (const [exclusive, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof schema[exclusive] !== 'boolean') continue;
    if (schema[exclusive] === true && typeof schema[bound] === 'number') {
      schema[exclusive] = schema[bound];
      delete schema[bound];
    } else {
      delete schema[exclusive];
    }
  }
}
