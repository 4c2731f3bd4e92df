import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffSpecs, type DiffReport } from '../../generator/diff/diff.js';
import { formatReport, nextVersion } from '../../generator/diff/format.js';
import { fixtures, loadSide, sideOf } from './helpers.js';

let report: DiffReport;

beforeAll(async () => {
  const dir = join(fixtures, 'error-codes');
  report = diffSpecs(await loadSide(join(dir, 'old.openapi.yaml')), await loadSide(join(dir, 'new.openapi.yaml')));
}, 60_000);

describe('text', () => {
  it('prints one line per change, LEVEL id  old → new  message, then the counts and the bump', () => {
    const lines = formatReport(report, 'text').split('\n');
    expect(lines).toHaveLength(report.changes.length + 1);
    report.changes.forEach((change, i) => {
      const where = (l: typeof change.old) => (l ? `${l.file}:${l.line}:${l.col}` : '-');
      expect(lines[i]).toBe(`${change.level.toUpperCase().padEnd(8)} ${change.id}  ${where(change.old)} → ${where(change.new)}  ${change.message}`);
    });
    expect(lines.at(-1)).toBe('3 changes: 1 breaking, 1 warning, 1 info; suggested version bump: major (1.0.0 → 2.0.0)');
  });

  it('says so when nothing changed', () => {
    const side = sideOf('openapi: 3.1.0\ninfo: {title: T, version: 2.1.0}\npaths: {}\n');
    expect(formatReport(diffSpecs(side, side), 'text')).toBe('No changes; suggested version bump: none');
  });
});

describe('markdown', () => {
  it('has a heading, the counts and a table row per change', () => {
    const lines = formatReport(report, 'markdown').split('\n');
    expect(lines[0]).toBe('## API changes: Items 1.0.0 → 1.0.0');
    expect(lines[2]).toBe('3 changes: **1 breaking**, 1 warning, 1 info; suggested version bump: **major (1.0.0 → 2.0.0)**');
    const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| Level') && !l.startsWith('| ---'));
    expect(rows).toHaveLength(report.changes.length);
    expect(rows[0]).toMatch(/^\| \*\*breaking\*\* \| `error-code-removed` \| Error code 1002 .* \| `.+old\.openapi\.yaml:\d+:\d+` \| `.+new\.openapi\.yaml:\d+:\d+` \|$/);
  });

  it('keeps spec text from breaking the table', () => {
    const spec = (code: number, message: string) =>
      `openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\npaths: {}\nx-error-codes:\n  - {code: ${code}, message: ${JSON.stringify(message)}}\n`;
    const text = formatReport(diffSpecs(sideOf(spec(1, 'a | b <script>')), sideOf(spec(2, 'x'))), 'markdown');
    const row = text.split('\n').find((line) => line.includes('error-code-removed'))!;
    expect(row).toContain('a \\| b &lt;script>');
    expect(row.split(/(?<!\\)\|/)).toHaveLength(7);
  });
});

describe('json', () => {
  it('is the report itself', () => {
    expect(JSON.parse(formatReport(report, 'json'))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});

describe('nextVersion', () => {
  it('steps a semantic version', () => {
    expect([nextVersion('1.4.2', 'major'), nextVersion('1.4.2', 'minor'), nextVersion('1.4.2', 'patch'), nextVersion('1.4.2', 'none')]).toEqual([
      '2.0.0',
      '1.5.0',
      '1.4.3',
      undefined,
    ]);
    expect(nextVersion('2024-01', 'major')).toBeUndefined();
  });
});
