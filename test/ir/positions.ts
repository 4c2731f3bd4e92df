/**
 * Expected source positions, computed from a fixture's text by searching it (not by asking the
 * YAML library), so location tests check the builders against the file a person reads.
 */

export interface LineCol {
  line: number;
  col: number;
}

/** Line index (0-based) of the last of `markers`, each searched on a line after the previous one. */
function findLine(lines: string[], markers: string[]): number {
  let index = -1;
  for (const marker of markers) {
    const next = lines.findIndex((line, i) => i > index && line.includes(marker));
    if (next < 0) throw new Error(`marker ${JSON.stringify(marker)} not found after line ${index + 1}`);
    index = next;
  }
  return index;
}

/** Position where the last marker's text starts. */
export function textAt(text: string, markers: string[]): LineCol {
  const lines = text.split('\n');
  const index = findLine(lines, markers);
  return { line: index + 1, col: lines[index]!.indexOf(markers.at(-1)!) + 1 };
}

/**
 * Position of the value of the mapping key that ends the last marker (e.g. `get:`): on the same
 * line for a flow value, else the first character of the next non-blank line (block value).
 */
export function valueAt(text: string, markers: string[]): LineCol {
  const lines = text.split('\n');
  const index = findLine(lines, markers);
  const line = lines[index]!;
  const afterKey = line.indexOf(markers.at(-1)!) + markers.at(-1)!.length;
  const rest = line.slice(afterKey);
  if (rest.trim() !== '' && !rest.trim().startsWith('#')) return { line: index + 1, col: afterKey + rest.search(/\S/) + 1 };
  for (let i = index + 1; i < lines.length; i++) {
    const column = lines[i]!.search(/\S/);
    if (column >= 0 && !lines[i]!.trim().startsWith('#')) return { line: i + 1, col: column + 1 };
  }
  throw new Error(`no value after ${JSON.stringify(markers)}`);
}
