import type { CodeBlockWriter, WriterFunction } from 'ts-morph';

/**
 * A multi-line `{ … }` or `[ … ]` literal of already escaped entries, followed by `suffix`
 * (e.g. ` as const`); one entry per line.
 */
export function literalOf(open: '{' | '[', entries: readonly string[], suffix = ''): WriterFunction {
  const close = open === '{' ? '}' : ']';
  return (writer: CodeBlockWriter) => {
    if (entries.length === 0) {
      writer.write(`${open}${close}${suffix}`);
      return;
    }
    writer.write(open).newLine();
    writer.indent(() => {
      for (const entry of entries) writer.writeLine(`${entry},`);
    });
    writer.write(`${close}${suffix}`);
  };
}

/** A blank line before a top-level statement (not before the first one). */
export const blankLineBefore: WriterFunction = (writer) => {
  if (writer.getLength() > 0) writer.blankLineIfLastNot();
};
