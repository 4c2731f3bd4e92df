import { docText } from '../shared/escape.js';

/** Escaped JSDoc text from paragraphs (empty ones dropped) plus `@deprecated` when asked. */
export function docFrom(paragraphs: readonly (string | undefined)[], deprecated = false): string | undefined {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const paragraph of paragraphs) {
    const text = docText(paragraph);
    if (text === undefined || seen.has(text)) continue;
    seen.add(text);
    kept.push(text);
  }
  if (deprecated) kept.push('@deprecated');
  return kept.length === 0 ? undefined : kept.join('\n\n');
}

/** JSDoc of a schema: its title, its description, and `@deprecated`. */
export function schemaDoc(schema: unknown): string | undefined {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  const s = schema as Record<string, unknown>;
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return docFrom([text(s.title), text(s.description)], s.deprecated === true);
}
