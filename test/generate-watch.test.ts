import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emitters } from '../generator/emit/registry.js';
import { watchSpecs } from '../generator/generate/watch.js';
import { repoRoot } from './emit/fixtures.js';

const SPEC = `openapi: 3.1.0
info:
  title: Watched API
  version: 1.0.0
paths:
  /things/{id}:
    get:
      operationId: getThing
      summary: SUMMARY
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
components:
  schemas:
    Thing:
      type: object
      properties:
        name:
          type: string
`;

/** Output lines as they come, and a way to wait for the next one that matches. */
class Lines {
  readonly all: string[] = [];
  private waiters: { test: RegExp; resolve: (line: string) => void }[] = [];

  push = (line: string): void => {
    this.all.push(line);
    const waiter = this.waiters.find((w) => w.test.test(line));
    if (waiter) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(line);
    }
  };

  next(test: RegExp, timeoutMs = 20_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${test} within ${timeoutMs} ms; got:\n${this.all.join('\n')}`)), timeoutMs);
      this.waiters.push({
        test,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'specgen-watch-'));
  await mkdir(join(dir, 'specs'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function snapshot(folder: string): Promise<Map<string, string>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const e of entries.filter((e) => e.isFile()).sort((a, b) => join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)))) {
    files.set(relative(folder, join(e.parentPath, e.name)), await readFile(join(e.parentPath, e.name), 'utf8'));
  }
  return files;
}

describe('specgen generate --watch', () => {
  it('generates, regenerates on an edit, keeps the last good output after a bad edit, and recovers', async () => {
    const spec = join(dir, 'specs', 'watched.openapi.yaml');
    const out = join(dir, 'out');
    await writeFile(spec, SPEC.replace('SUMMARY', 'First summary'));
    const lines = new Lines();
    const errors = new Lines();
    const controller = new AbortController();
    const watching = watchSpecs({
      files: [spec],
      outDir: out,
      emitters,
      show: (path) => relative(dir, path).split('\\').join('/'),
      out: lines.push,
      err: errors.push,
      signal: controller.signal,
    });
    try {
      expect(await lines.next(/^wrote out\/watched\//)).toMatch(/\(\d+ of \d+ files written; \d+ ms: load and lint \d+, generate \d+, write \d+\)$/);
      expect(await readFile(join(out, 'watched/types.ts'), 'utf8')).toContain('First summary');

      // An edit: regenerated, with the new text.
      await writeFile(spec, SPEC.replace('SUMMARY', 'Second summary'));
      await lines.next(/^wrote out\/watched\//);
      const good = await snapshot(join(out, 'watched'));
      expect(good.get('types.ts')).toContain('Second summary');
      expect(good.get('types.ts')).not.toContain('First summary');

      // A save that changes nothing is neither linted nor generated again.
      const before = lines.all.length;
      await utimes(spec, new Date(), new Date());
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(lines.all.slice(before)).toEqual([]);

      // A bad edit: the located error is printed, the output stays as it was.
      await writeFile(spec, SPEC.replace('SUMMARY', 'Third summary').replace("$ref: '#/components/schemas/Thing'", "$ref: '#/components/schemas/Missing'"));
      expect(await errors.next(/keeps the last good output/)).toBe('specs/watched.openapi.yaml: 1 error(s); out/watched/ keeps the last good output');
      expect(errors.all.join('\n')).toMatch(/^specs\/watched\.openapi\.yaml:\d+:\d+ error ref-dangling .*#\/paths/m);
      expect(await snapshot(join(out, 'watched'))).toEqual(good);

      // The fix: regenerated again.
      await writeFile(spec, SPEC.replace('SUMMARY', 'Fourth summary'));
      await lines.next(/^wrote out\/watched\//);
      expect(await readFile(join(out, 'watched/types.ts'), 'utf8')).toContain('Fourth summary');

      // A truncation (an editor's first step of a save) is no lint error; the write after it regenerates.
      const fixed = await snapshot(join(out, 'watched'));
      const errorsBefore = errors.all.length;
      await writeFile(spec, '');
      expect(await errors.next(/is empty/)).toBe('specs/watched.openapi.yaml is empty (a save in progress?); out/watched/ keeps the last good output');
      expect(await snapshot(join(out, 'watched'))).toEqual(fixed);
      await writeFile(spec, SPEC.replace('SUMMARY', 'Fifth summary'));
      await lines.next(/^wrote out\/watched\//);
      expect(await readFile(join(out, 'watched/types.ts'), 'utf8')).toContain('Fifth summary');
      expect(errors.all.slice(errorsBefore).filter((l) => !/is empty/.test(l))).toEqual([]);
    } finally {
      controller.abort();
      await watching;
    }
    expect(lines.all.at(-1)).toBe('stopped watching');
    // The replaced folders are gone once the watcher has stopped.
    expect((await readdir(out)).filter((n) => n.includes('.specgen-'))).toEqual([]);
  }, 60_000);

  it('regenerates only the spec that changed, and picks up a new spec in the watched folder', async () => {
    const first = join(dir, 'specs', 'first.openapi.yaml');
    const second = join(dir, 'specs', 'second.openapi.yaml');
    await writeFile(first, SPEC.replace('SUMMARY', 'First'));
    await writeFile(second, SPEC.replace('SUMMARY', 'Second'));
    const lines = new Lines();
    const controller = new AbortController();
    const listSpecs = async (): Promise<string[]> => (await readdir(join(dir, 'specs'))).filter((n) => n.endsWith('.openapi.yaml')).map((n) => join(dir, 'specs', n));
    const watching = watchSpecs({
      files: [first, second],
      discover: { dir: join(dir, 'specs'), list: listSpecs },
      outDir: join(dir, 'out'),
      emitters: emitters.filter((e) => e.id === 'types'),
      show: (path) => relative(dir, path),
      out: lines.push,
      err: () => {},
      signal: controller.signal,
    });
    try {
      await lines.next(/^wrote out\/first\//);
      await lines.next(/^wrote out\/second\//);
      const seen = lines.all.length;
      await writeFile(second, SPEC.replace('SUMMARY', 'Second, edited'));
      await lines.next(/^wrote out\/second\//);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(lines.all.slice(seen).filter((l) => /out\/first\//.test(l))).toEqual([]);

      await writeFile(join(dir, 'specs', 'third.openapi.yaml'), SPEC.replace('SUMMARY', 'Third'));
      await lines.next(/^wrote out\/third\//);
      expect(await readFile(join(dir, 'out/third/types.ts'), 'utf8')).toContain('Third');
    } finally {
      controller.abort();
      await watching;
    }
  }, 60_000);

  it('the CLI stops cleanly on SIGINT with exit code 0', async () => {
    await writeFile(join(dir, 'specs', 'watched.openapi.yaml'), SPEC.replace('SUMMARY', 'Summary'));
    const child = spawn(process.execPath, [join(repoRoot, 'bin/specgen.js'), 'generate', '--watch', '--out', 'out'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = new Lines();
    createInterface({ input: child.stdout }).on('line', lines.push);
    const stderr: string[] = [];
    createInterface({ input: child.stderr }).on('line', (l) => stderr.push(l));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await lines.next(/^wrote out\/watched\//, 60_000);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(lines.all).toContain('stopped watching');
      expect(stderr.filter((l) => !/npm warn/i.test(l))).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);
});
