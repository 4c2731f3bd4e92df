import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../generator/cli/main.js';
import type { Io } from '../generator/cli/verb.js';
import { emitters } from '../generator/emit/registry.js';
import { generateSpec } from '../generator/generate/generate.js';
import { MANIFEST_FILE, manifestMismatch, type Manifest } from '../generator/generate/manifest.js';
import { irOf, repoRoot } from './emit/fixtures.js';

const fixture = join(repoRoot, 'test/fixtures/emit/mini.asyncapi.yaml');
const shownFixture = 'test/fixtures/emit/mini.asyncapi.yaml';

function captureIo(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { cwd: repoRoot, out: (l) => lines.push(l), err: (l) => errors.push(l), lines, errors };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(repoRoot, '.specgen-tmp-manifest-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

async function manifestOnDisk(): Promise<Manifest> {
  return JSON.parse(await readFile(join(out, 'mini', MANIFEST_FILE), 'utf8')) as Manifest;
}

describe('manifest.json', () => {
  it('names the spec, its hash and the generator, and hashes every other file, sorted', async () => {
    const ir = await irOf(fixture);
    const generated = await generateSpec(ir, emitters, shownFixture);
    const manifest = JSON.parse(generated.files.get(MANIFEST_FILE)!) as Manifest;
    const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(manifest.spec).toBe(shownFixture);
    expect(manifest.specSha256).toBe(sha256(await readFile(fixture, 'utf8')));
    expect(manifest.generator).toMatchObject({ name: pkg.name, version: pkg.version, sourceSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const others = [...generated.files.keys()].filter((p) => p !== MANIFEST_FILE);
    expect(manifest.files.map((f) => f.path)).toEqual([...others].sort());
    for (const f of manifest.files) expect(f.sha256).toBe(sha256(generated.files.get(f.path)!));
    expect(generated.files.get(MANIFEST_FILE)).toBe((await generateSpec(await irOf(fixture), emitters, shownFixture)).files.get(MANIFEST_FILE));
  });

  it('proves a folder current, and names what makes it stale', async () => {
    expect(await main(['generate', fixture, '--out', out], captureIo())).toBe(0);
    const dir = join(out, 'mini');
    const spec = await readFile(fixture, 'utf8');
    expect(await manifestMismatch(dir, shownFixture, spec)).toBeUndefined();

    expect(await manifestMismatch(dir, shownFixture, `${spec}\n# edited\n`)).toBe('the spec changed');
    expect(await manifestMismatch(dir, 'specs/other.asyncapi.yaml', spec)).toMatch(/^made from test\/fixtures/);

    const types = await readFile(join(dir, 'types.ts'), 'utf8');
    await writeFile(join(dir, 'types.ts'), `${types}// hand edit\n`);
    expect(await manifestMismatch(dir, shownFixture, spec)).toBe('types.ts changed');
    await writeFile(join(dir, 'types.ts'), types);

    await writeFile(join(dir, 'stray.ts'), 'export {};\n');
    expect(await manifestMismatch(dir, shownFixture, spec)).toBe('files were added or removed');
    await unlink(join(dir, 'stray.ts'));

    const manifest = await manifestOnDisk();
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ ...manifest, generator: { ...manifest.generator, sourceSha256: '0'.repeat(64) } }));
    expect(await manifestMismatch(dir, shownFixture, spec)).toBe('the generator changed');
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ ...manifest, generator: { ...manifest.generator, version: '0.0.0-other' } }));
    expect(await manifestMismatch(dir, shownFixture, spec)).toBe('the generator changed');

    await unlink(join(dir, MANIFEST_FILE));
    expect(await manifestMismatch(dir, shownFixture, spec)).toBe('no readable manifest');
  });

  it('a spec with external $refs is always compared in full', async () => {
    expect(await main(['generate', fixture, '--out', out], captureIo())).toBe(0);
    const manifest = await manifestOnDisk();
    const external = "payload:\n  $ref: './shared.yaml#/Payload'\n";
    await writeFile(join(out, 'mini', MANIFEST_FILE), JSON.stringify({ ...manifest, specSha256: sha256(external) }));
    expect(await manifestMismatch(join(out, 'mini'), shownFixture, external)).toBe('the spec has external $refs');
  });

  it('generate --check trusts a matching manifest and falls back to the full comparison otherwise', async () => {
    expect(await main(['generate', fixture, '--out', out], captureIo())).toBe(0);
    const fast = captureIo();
    expect(await main(['generate', fixture, '--out', out, '--check'], fast)).toBe(0);
    expect(fast.lines.join('\n')).toMatch(/generated code is current \(\d+ files, by their manifests\)/);
    expect(fast.errors).toEqual([]);

    // Written by another generator build: compared in full, and current when the files are the same.
    const manifest = await manifestOnDisk();
    const otherBuild = { ...manifest, generator: { ...manifest.generator, sourceSha256: 'f'.repeat(64) } };
    await writeFile(join(out, 'mini', MANIFEST_FILE), `${JSON.stringify(otherBuild, null, 2)}\n`);
    const rebuilt = captureIo();
    expect(await main(['generate', fixture, '--out', out, '--check'], rebuilt)).toBe(0);
    expect(rebuilt.errors.join('\n')).toMatch(/mini: the generator changed; comparing in full/);
    expect(rebuilt.lines.join('\n')).toMatch(/generated code is current \(\d+ files\)/);

    // ... but not when the manifest's file list disagrees with what the generator makes.
    await writeFile(join(out, 'mini', MANIFEST_FILE), `${JSON.stringify({ ...otherBuild, files: otherBuild.files.slice(1) }, null, 2)}\n`);
    const stale = captureIo();
    expect(await main(['generate', fixture, '--out', out, '--check'], stale)).toBe(1);
    expect(stale.lines.join('\n')).toMatch(/different\s+.*mini\/manifest\.json/);

    // A hand-edited file: the manifest check names it, the full comparison reports it.
    expect(await main(['generate', fixture, '--out', out], captureIo())).toBe(0);
    await writeFile(join(out, 'mini', 'index.ts'), '// hand edit\n');
    const edited = captureIo();
    expect(await main(['generate', fixture, '--out', out, '--check'], edited)).toBe(1);
    expect(edited.errors.join('\n')).toMatch(/mini: index\.ts changed; comparing in full/);
    expect(edited.lines.join('\n')).toMatch(/different\s+.*mini\/index\.ts/);
  });
});
