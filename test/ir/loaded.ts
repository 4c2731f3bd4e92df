import { readFile } from 'node:fs/promises';
import { parseSourceText } from '../../generator/load/source.js';
import { specNameOf, type LoadedSpec } from '../../generator/load/spec.js';

/**
 * A LoadedSpec straight from the parser (no lint, no bundling): enough for the IR builders,
 * which only need the document and source positions.
 */
export function loadedFromText(file: string, text: string): LoadedSpec {
  const source = parseSourceText(file, text);
  const document = source.value as Record<string, unknown>;
  if (source.diagnostics.length > 0 || document === null || typeof document !== 'object') {
    throw new Error(`${file} does not parse: ${source.diagnostics.map((d) => d.message).join('; ')}`);
  }
  const kind = typeof document.openapi === 'string' ? 'openapi' : 'asyncapi';
  return { name: specNameOf(file), kind, specVersion: String(document[kind]), source, document, diagnostics: [] };
}

export async function loadedFromFile(file: string): Promise<LoadedSpec> {
  return loadedFromText(file, await readFile(file, 'utf8'));
}
