import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../generator/cli/main.js';
import type { Io } from '../generator/cli/verb.js';
import { expectedFindings } from './load/fixture-markers.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
const fixtures = join(repo, 'test', 'fixtures', 'lint');

async function lint(args: string[], cwd = repo) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (line) => out.push(line), err: (line) => err.push(line), cwd };
  const code = await main(['lint', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const invalidSpecs = readdirSync(join(fixtures, 'invalid')).filter((f) => f.endsWith('.yaml') && f !== 'no-version.yaml').sort();
const validSpecs = readdirSync(join(fixtures, 'valid')).filter((f) => f.endsWith('.yaml')).sort();

describe('specgen lint', () => {
  it.each(invalidSpecs)('%s: exits 2 and prints each finding at file:line:col', async (name) => {
    const relative = `test/fixtures/lint/invalid/${name}`;
    const { code, out } = await lint([relative]);
    expect(code).toBe(2);
    for (const finding of expectedFindings(join(repo, relative)).filter((f) => f.file.endsWith(name))) {
      expect(out).toContain(`${relative}:${finding.line}:${finding.col} error ${finding.code} `);
    }
    expect(out.split('\n').at(-1)).toMatch(/^1 spec, [1-9]\d* errors?, 0 warnings$/);
  });

  it('prints findings in other files with their own path', async () => {
    const { out } = await lint(['test/fixtures/lint/invalid/external-dangling.openapi.yaml']);
    const [part] = expectedFindings(join(fixtures, 'invalid', 'parts', 'pet.yaml'));
    expect(out).toContain(`test/fixtures/lint/invalid/parts/pet.yaml:${part!.line}:${part!.col} error ref-dangling `);
  });

  it('formats a finding as file:line:col severity code message (#pointer)', async () => {
    const { out } = await lint(['test/fixtures/lint/invalid/dangling-ref.openapi.yaml']);
    const [finding] = expectedFindings(join(fixtures, 'invalid', 'dangling-ref.openapi.yaml'));
    expect(out.split('\n')[0]).toBe(
      `test/fixtures/lint/invalid/dangling-ref.openapi.yaml:${finding!.line}:${finding!.col} error ref-dangling ` +
        `$ref '#/components/schemas/Pett' points at nothing (#/paths/~1pets/get/responses/200/content/application~1json/schema/items)`,
    );
  });

  it('exits 0 on clean specs and says how many it checked', async () => {
    const { code, out } = await lint(validSpecs.map((f) => `test/fixtures/lint/valid/${f}`));
    expect(out).toBe(`${validSpecs.length} specs, 0 errors, 0 warnings`);
    expect(code).toBe(0);
  });

  it('answers JSON with --format json', async () => {
    const files = ['test/fixtures/lint/valid/nullable-3.0.openapi.yaml', 'test/fixtures/lint/invalid/cyclic-ref.openapi.yaml', 'test/fixtures/lint/invalid/no-version.yaml'];
    const { code, out } = await lint([...files, '--format', 'json']);
    expect(code).toBe(2);
    const report = JSON.parse(out) as { specs: { file: string; kind: string | null; version: string | null; diagnostics: { code: string; file: string }[] }[]; errors: number; warnings: number };
    expect(report.specs.map((s) => [s.file, s.kind, s.version, s.diagnostics.map((d) => d.code)])).toEqual([
      [files[0], 'openapi', '3.0.3', []],
      [files[1], 'openapi', '3.1.0', ['ref-cycle']],
      [files[2], null, null, ['spec-version-unknown']],
    ]);
    expect(report.specs[1]!.diagnostics[0]!.file).toBe(files[1]);
    expect([report.errors, report.warnings]).toEqual([2, 0]);
  });

  it('lints every spec in specs/ when given none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgen-lint-cli-'));
    try {
      mkdirSync(join(dir, 'specs'));
      copyFileSync(join(fixtures, 'valid', 'nullable-3.0.openapi.yaml'), join(dir, 'specs', 'a.openapi.yaml'));
      copyFileSync(join(fixtures, 'invalid', 'duplicate-operation-id.openapi.yaml'), join(dir, 'specs', 'b.openapi.yaml'));
      const { code, out } = await lint([], dir);
      expect(out).toMatch(/^specs\/b\.openapi\.yaml:\d+:\d+ error operation-id-duplicate /);
      expect(out.split('\n').at(-1)).toBe('2 specs, 1 error, 0 warnings');
      expect(code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is a usage error (exit 2) to give no spec when specs/ has none, or an unknown format', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'specgen-lint-empty-'));
    try {
      const none = await lint([], empty);
      expect([none.code, none.err]).toEqual([2, expect.stringContaining('no specs given and none found in specs/')]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const format = await lint(['--format', 'xml', 'x.yaml']);
    expect([format.code, format.err]).toEqual([2, expect.stringContaining('--format must be text or json')]);
  });

  it('runs as a program: a missing file is a located error, exit 2, no stack trace', () => {
    const result = spawnSync(process.execPath, ['bin/specgen.js', 'lint', 'specs/no-such.openapi.yaml'], { cwd: repo, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('specs/no-such.openapi.yaml:1:1 error file-unreadable ');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
