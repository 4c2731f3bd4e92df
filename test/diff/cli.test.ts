import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../generator/cli/main.js';
import type { Io } from '../../generator/cli/verb.js';
import { RULES } from '../../generator/diff/rules.js';
import { repo } from './helpers.js';

async function diff(args: string[], cwd = repo) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (line) => out.push(line), err: (line) => err.push(line), cwd };
  const code = await main(['diff', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const pair = (name: string, kind = 'openapi') => [`test/fixtures/diff/${name}/old.${kind}.yaml`, `test/fixtures/diff/${name}/new.${kind}.yaml`];

describe('specgen diff: exit codes', () => {
  it('exits 0 on breaking changes without --fail-on', async () => {
    const { code, out } = await diff(pair('operation-removed'));
    expect(code).toBe(0);
    expect(out).toContain('BREAKING operation-removed  test/fixtures/diff/operation-removed/old.openapi.yaml:');
  });

  it('--fail-on breaking exits 1 on a breaking change and 0 on additions only', async () => {
    const [before, after] = pair('operation-removed');
    expect((await diff([before!, after!, '--fail-on', 'breaking'])).code).toBe(1);
    expect((await diff([after!, before!, '--fail-on', 'breaking'])).code).toBe(0);
  });

  it('--fail-on warning also exits 1 on a warning', async () => {
    const args = pair('operation-id-changed');
    expect((await diff([...args, '--fail-on', 'breaking'])).code).toBe(0);
    const { code, out } = await diff([...args, '--fail-on', 'warning']);
    expect(code).toBe(1);
    expect(out).toMatch(/^WARNING  operation-id-changed /m);
  });

  it('exits 2 with the located lint errors of a broken spec', async () => {
    const { code, err } = await diff(['test/fixtures/diff/invalid.openapi.yaml', pair('operation-removed')[0]!]);
    expect(code).toBe(2);
    expect(err).toContain('test/fixtures/diff/invalid.openapi.yaml has 1 error');
    expect(err).toMatch(/^test\/fixtures\/diff\/invalid\.openapi\.yaml:12:30 error ref-dangling .*\(#\/paths\/~1items\/get\/responses\/200\/content\/application~1json\/schema\)$/m);
  });

  it('exits 2 on a missing file, a kind mismatch, and usage errors', async () => {
    const missing = await diff(['nope.openapi.yaml', pair('operation-removed')[0]!]);
    expect([missing.code, missing.err]).toEqual([2, 'specgen diff: cannot read nope.openapi.yaml: no such file']);
    const mismatch = await diff([pair('qos', 'asyncapi')[0]!, pair('operation-removed')[0]!]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.err).toMatch(/cannot compare .* \(asyncapi\) with .* \(openapi\)/);
    expect((await diff([pair('operation-removed')[0]!])).code).toBe(2);
    expect((await diff([...pair('operation-removed'), '--format', 'html'])).err).toContain('--format must be text, json or markdown');
    expect((await diff([...pair('operation-removed'), '--fail-on', 'info'])).code).toBe(2);
  });
});

describe('specgen diff: formats', () => {
  it('--format json answers the report', async () => {
    const { code, out } = await diff([...pair('enum-values'), '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.bump).toBe('major');
    expect(report.counts).toEqual({ breaking: 1, warning: 0, info: 1 });
    expect(report.changes.map((c: { id: string; direction: string }) => `${c.id} ${c.direction}`)).toEqual(['enum-value-removed request', 'enum-value-removed response']);
    expect(report.changes[0].old).toMatchObject({ file: 'test/fixtures/diff/enum-values/old.openapi.yaml', pointer: '/paths/~1items/post/parameters/0/schema/enum' });
  });

  it('--format markdown answers a table for a pull-request comment', async () => {
    const { out } = await diff([...pair('enum-values'), '--format', 'markdown']);
    expect(out.split('\n').slice(0, 5)).toEqual([
      '## API changes: Items 1.0.0 → 1.0.0',
      '',
      '2 changes: **1 breaking**, 0 warnings, 1 info; suggested version bump: **major (1.0.0 → 2.0.0)**',
      '',
      '| Level | Rule | Change | Old | New |',
    ]);
  });

  it('--rules lists every rule', async () => {
    const { code, out } = await diff(['--rules']);
    expect(code).toBe(0);
    expect(out.split('\n').map((l) => l.split(' ')[0])).toEqual(RULES.map((r) => r.id));
  });
});

describe('specgen diff: git:REV:path', () => {
  const spec = 'specs/gizwits-enterprise.openapi.yaml';
  const scratch = mkdtempSync(join(tmpdir(), 'specgen-diff-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** A new repository under `scratch` with `files` committed; `write` changes its working tree, `git` runs in it. */
  const repository = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(scratch, 'repo-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=specgen', '-c', 'user.email=specgen@example.com', ...args], { cwd: dir });
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    for (const [path, text] of Object.entries(files)) write(path, text);
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'old');
    return { dir, git, write };
  };

  it('reads a committed spec of this repository', async () => {
    const { code, out } = await diff([`git:HEAD:${spec}`, `git:HEAD:${spec}`]);
    expect([code, out]).toEqual([0, 'No changes; suggested version bump: none']);
  }, 60_000);

  it('compares a committed version with the working tree and locates changes in both', async () => {
    const [before, after] = pair('path-changed').map((path) => readFileSync(join(repo, path), 'utf8'));
    const { dir, write } = repository({ 'api.openapi.yaml': before! });
    write('api.openapi.yaml', after!);
    const { code, out } = await diff(['git:HEAD:api.openapi.yaml', 'api.openapi.yaml', '--fail-on', 'breaking'], dir);
    expect(code).toBe(1);
    expect(out.split('\n')[0]).toBe(
      'BREAKING path-changed  git:HEAD:api.openapi.yaml:6:7 → api.openapi.yaml:6:7  Operation `getItem` moved from GET /items/{id} to GET /things/{id}.',
    );
  }, 60_000);

  it('reads the files a committed spec refers to from the same revision', async () => {
    const spec = [
      'openapi: 3.1.0',
      'info: {title: Items, version: 1.0.0}',
      'paths:',
      '  /items/{id}:',
      '    get:',
      '      operationId: getItem',
      '      parameters:',
      '        - {name: id, in: path, required: true, schema: {type: string}}',
      '      responses:',
      "        '200':",
      '          description: The item.',
      '          content:',
      "            application/json: {schema: {$ref: 'schemas/item.yaml'}}",
      '',
    ].join('\n');
    const item = (properties: string) => `type: object\nrequired: [id]\nproperties:\n${properties}`;
    const { dir, git, write } = repository({ 'api/api.openapi.yaml': spec, 'api/schemas/item.yaml': item('  id: {type: string}\n  name: {type: string}\n') });
    // Only the referenced file changes in the working tree.
    write('api/schemas/item.yaml', item('  id: {type: string}\n'));

    const cwd = join(dir, 'api');
    const { code, out, err } = await diff(['git:HEAD:./api.openapi.yaml', 'api.openapi.yaml', '--fail-on', 'breaking'], cwd);
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(out.split('\n')[0]).toBe(
      'BREAKING property-removed  git:HEAD:api/schemas/item.yaml:5:9 → schemas/item.yaml:4:3  Property `name` was removed from the response body (in getItem 200 response).',
    );
    // With nothing changed at that revision, the two sides are the same spec.
    expect((await diff(['git:HEAD:api/api.openapi.yaml', 'git:HEAD:./api.openapi.yaml'], cwd)).out).toBe('No changes; suggested version bump: none');

    // A $ref out of the repository cannot be read from the revision: a located error, exit 2.
    write('api/api.openapi.yaml', spec.replace("$ref: 'schemas/item.yaml'", "$ref: '../../outside.yaml'"));
    git('commit', '-q', '-am', 'out of the tree');
    const outside = await diff(['git:HEAD:api/api.openapi.yaml', 'api.openapi.yaml'], cwd);
    expect(outside.code).toBe(2);
    expect(outside.err).toMatch(/^git:HEAD:api\/api\.openapi\.yaml:13:\d+ error ref-external-unreadable cannot read the file of \$ref '\.\.\/\.\.\/outside\.yaml': git:HEAD:\.\.\/outside\.yaml is outside the repository \(#\/paths\/.*\)$/m);
  }, 60_000);

  it('checks a committed AsyncAPI spec with the files of its revision only, not the working tree\'s', async () => {
    const fixture = readFileSync(join(repo, 'test/fixtures/lint/valid/request-reply.asyncapi.yaml'), 'utf8');
    const schemas = fixture.indexOf('    Envelope:\n');
    const envelope = 'type: object\nrequired: [tid, method, timestamp]\nproperties:\n  tid: {type: string, format: uuid}\n  method: {type: string}\n  timestamp: {type: integer}\n';
    const { dir, write } = repository({
      'specs/api.asyncapi.yaml': `${fixture.slice(0, schemas)}    Envelope:\n      $ref: '../common/envelope.yaml'\n`,
      'common/envelope.yaml': envelope,
    });
    // The working tree's envelope is no schema at all; the committed one is fine.
    write('common/envelope.yaml', envelope.replace('type: object', 'type: 5'));

    const committed = await diff(['git:HEAD:specs/api.asyncapi.yaml', 'git:HEAD:specs/api.asyncapi.yaml'], dir);
    expect([committed.code, committed.err, committed.out]).toEqual([0, '', 'No changes; suggested version bump: none']);
    const working = await diff(['git:HEAD:specs/api.asyncapi.yaml', 'specs/api.asyncapi.yaml'], dir);
    expect(working.code).toBe(2);
    expect(working.err).toMatch(/^common\/envelope\.yaml:1:7 error asyncapi-/m);
    expect(working.err).not.toContain('git:HEAD');
  }, 60_000);

  it('exits 2 with git\'s reason on a bad revision or path', async () => {
    const badRev = await diff([`git:no-such-rev:${spec}`, spec]);
    expect(badRev.code).toBe(2);
    expect(badRev.err).toMatch(new RegExp(`^specgen diff: cannot read git:no-such-rev:${spec}: .+`));
    const badPath = await diff(['git:HEAD:specs/missing.openapi.yaml', spec]);
    expect(badPath.code).toBe(2);
    expect(badPath.err).toContain("cannot read git:HEAD:specs/missing.openapi.yaml: path 'specs/missing.openapi.yaml' does not exist in 'HEAD'");
    expect((await diff(['git:HEAD', spec])).err).toContain('expected git:REV:path');
  }, 60_000);
});
