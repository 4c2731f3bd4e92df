import { copyFile, link, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { GeneratedSpec } from './generate.js';

export interface ChangedFiles {
  /** Files written because they are new or their content changed, sorted. */
  written: string[];
  /** Files on disk that the spec no longer generates, sorted. */
  removed: string[];
  /** Removal of the replaced folder, left to finish after the new one is in place. */
  cleanup: Promise<void>;
}

let swaps = 0;

/**
 * Brings `<out>/<name>/` up to date writing only what changed, and still atomically: the new
 * folder is staged beside the old one (unchanged files hard-linked from it, so they keep their
 * bytes and modification time), then swapped in by rename. Nothing happens when nothing changed.
 * The old folder is removed after the swap (`cleanup`): callers may report first, then await it.
 */
export async function writeChangedFiles(outDir: string, spec: GeneratedSpec): Promise<ChangedFiles> {
  const dir = join(outDir, spec.name);
  const onDisk = new Set(await listFiles(dir));
  // Files are read and written concurrently: one at a time, a watch save waits on each in turn.
  const differs = await Promise.all([...spec.files].map(async ([path, text]) => !onDisk.has(path) || (await readFile(join(dir, path), 'utf8')) !== text));
  const written = [...spec.files.keys()].filter((_, i) => differs[i]);
  const removed = [...onDisk].filter((path) => !spec.files.has(path)).sort();
  if (written.length === 0 && removed.length === 0) return { written, removed, cleanup: Promise.resolve() };

  await mkdir(outDir, { recursive: true });
  const temp = join(outDir, `.specgen-tmp-${spec.name}-${process.pid}`);
  await rm(temp, { recursive: true, force: true });
  try {
    const changed = new Set(written);
    for (const folder of new Set([...spec.files.keys()].map((path) => dirname(join(temp, path))))) await mkdir(folder, { recursive: true });
    await Promise.all(
      [...spec.files].map(([path, text]) => {
        const target = join(temp, path);
        return changed.has(path) ? writeFile(target, text) : link(join(dir, path), target).catch(() => copyFile(join(dir, path), target));
      }),
    );
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  const old = `${dir}.specgen-old-${process.pid}-${++swaps}`;
  await rename(dir, old).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
  await rename(temp, dir);
  return { written: written.sort(), removed, cleanup: rm(old, { recursive: true, force: true }) };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}
