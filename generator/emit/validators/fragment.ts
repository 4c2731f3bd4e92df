import { pointerToFragment } from '../../load/pointer.js';

/** The id the spec document has inside the validators' Ajv instances. */
export const SPEC_ID = 'spec';

/**
 * A JSON pointer as a URI fragment (without `#`), the way ajv writes schema paths: each
 * (already `~`-escaped) segment percent-encoded, `/components/schemas/a b` → `/components/schemas/a%20b`.
 */
export function fragmentOf(pointer: string): string {
  return pointerToFragment(pointer).slice(1);
}

/** The JSON pointer a fragment (without `#`) stands for; segments stay `~`-escaped. */
export function pointerOfFragment(fragment: string): string {
  return fragment.split('/').map(decodeURIComponent).join('/');
}

/** A `$ref` from a schema outside the document to `pointer` inside it. */
export function refTo(pointer: string): string {
  return `${SPEC_ID}#${fragmentOf(pointer)}`;
}
