import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { GeneratedSpec } from './generate.js';

export type DriftKind = 'missing' | 'extra' | 'different';

export interface Drift {
  kind: DriftKind;
  /** Path relative to the output folder, forward slashes, e.g. `gizwits-enterprise/types.ts`. */
  path: string;
}

/**
 * Writes each spec's files into `<out>/<name>/` atomically: everything goes to a temp folder
 * beside it first, then the old folder is swapped out by rename. A crash or a failing spec
 * never leaves a half-written folder behind.
 */
export async function writeGenerated(outDir: string, specs: readonly GeneratedSpec[]): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const staged: { temp: string; final: string }[] = [];
  try {
    for (const spec of specs) {
      const temp = join(outDir, `.specgen-tmp-${spec.name}-${process.pid}`);
      await rm(temp, { recursive: true, force: true });
      for (const [path, text] of spec.files) {
        const target = join(temp, path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, text);
      }
      staged.push({ temp, final: join(outDir, spec.name) });
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.temp, { recursive: true, force: true })));
    throw error;
  }
  for (const { temp, final } of staged) {
    const old = `${final}.specgen-old-${process.pid}`;
    await rename(final, old).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await rename(temp, final);
    await rm(old, { recursive: true, force: true });
  }
}

/** Compares what would be written with what is on disk; nothing is written. */
export async function findDrift(outDir: string, specs: readonly GeneratedSpec[]): Promise<Drift[]> {
  const drift: Drift[] = [];
  for (const spec of specs) {
    const dir = join(outDir, spec.name);
    const onDisk = new Set(await listFiles(dir));
    for (const [path, text] of spec.files) {
      const shown = `${spec.name}/${path}`;
      if (!onDisk.delete(path)) drift.push({ kind: 'missing', path: shown });
      else if ((await readFile(join(dir, path), 'utf8')) !== text) drift.push({ kind: 'different', path: shown });
    }
    for (const path of onDisk) drift.push({ kind: 'extra', path: `${spec.name}/${path}` });
  }
  return drift.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}
