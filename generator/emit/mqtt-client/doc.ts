import { docText } from '../shared/escape.js';

/** One JSDoc text from several parts (blank lines between them), or undefined when all are empty. */
export function docOf(...parts: (string | undefined)[]): string | undefined {
  return docText(
    parts
      .map((p) => p?.trim())
      .filter((p): p is string => p !== undefined && p !== '')
      .join('\n\n'),
  );
}

/** `docs` for a structure: present only when there is text. */
export function docsOf(...parts: (string | undefined)[]): { docs?: string[] } {
  const text = docOf(...parts);
  return text === undefined ? {} : { docs: [text] };
}

/** The methods left out of a generated module, as a note in its docs. */
export function skippedNote(skipped: readonly { method: string; reason: string }[]): string | undefined {
  if (skipped.length === 0) return undefined;
  return ['Methods of the spec this module does not serve:', ...skipped.map((s) => `- \`${s.method}\`: ${s.reason}`)].join('\n');
}
