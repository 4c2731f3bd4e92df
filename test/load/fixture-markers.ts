import { readFileSync } from 'node:fs';

/** Where a fixture says a finding must be: `# expect: <code> at <token>` marks the next line. */
export interface ExpectedFinding {
  file: string;
  code: string;
  line: number;
  col: number;
}

const MARKER = /#\s*expect:\s*(\S+)\s+at\s+(.+?)\s*$/;

/** Reads the markers of a fixture; the column is where `<token>` starts on the line after the marker. */
export function expectedFindings(file: string): ExpectedFinding[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  return lines.flatMap((text, index) => {
    const marker = MARKER.exec(text);
    if (!marker) return [];
    const [, code, token] = marker;
    const next = lines[index + 1] ?? '';
    const at = next.indexOf(token!);
    if (at < 0) throw new Error(`${file}:${index + 1}: marker token ${token} is not on the next line`);
    return [{ file, code: code!, line: index + 2, col: at + 1 }];
  });
}
