/**
 * Identifiers for generated code, derived from spec names. Stable (same input → same name),
 * always valid, never a reserved word, and unique within a scope (collisions get `_2`, `_3`, …
 * in input order, which callers keep deterministic by sorting their input).
 */

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'as implements interface let package private protected public static yield any boolean number string symbol ' +
    'object unknown never undefined await async type of keyof infer is readonly declare module namespace require ' +
    'abstract constructor get set from global bigint asserts satisfies accessor out override unique arguments eval ' +
    'Array Object String Number Boolean Symbol Promise Record Partial Required Readonly Pick Omit Error Date Map Set ' +
    'JSON Math Function RegExp'
  ).split(' '),
);

/** Split any name into words: `get_v1_products`, `fooBar`, `X-RateLimit-Limit`, `ünïcode name`. */
export function words(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function safe(identifier: string, fallback: string): string {
  let id = identifier === '' ? fallback : identifier;
  if (/^[0-9]/.test(id)) id = '_' + id;
  if (RESERVED.has(id)) id = id + '_';
  return id;
}

/** `get_v1_users_search` → `GetV1UsersSearch`; for type names. */
export function pascalCase(name: string): string {
  return safe(words(name).map(capitalize).join(''), 'Unnamed');
}

/** `get_v1_users_search` → `getV1UsersSearch`; for functions, methods and values. */
export function camelCase(name: string): string {
  const pascal = words(name).map(capitalize).join('');
  return safe(pascal.charAt(0).toLowerCase() + pascal.slice(1), 'unnamed');
}

/**
 * Hands out unique identifiers in one scope. `claim('Foo')` twice gives `Foo` then `Foo_2`.
 * Comparison is case-insensitive so that names differing only in case cannot clash on
 * case-insensitive file systems or confuse readers.
 */
export class NameScope {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name.toLowerCase());
  }

  has(identifier: string): boolean {
    return this.taken.has(identifier.toLowerCase());
  }

  claim(identifier: string): string {
    let candidate = identifier;
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n++) candidate = `${identifier}_${n}`;
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}
