import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const runtimeDir = new URL('../runtime/', import.meta.url);

/**
 * The runtime helpers copied verbatim into every generated folder, so generated code has no
 * dependency on the generator. Read once per process.
 */
let cache: Promise<Map<string, string>> | undefined;

export function runtimeFiles(): Promise<Map<string, string>> {
  cache ??= (async () => {
    const names = (await readdir(runtimeDir)).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts')).sort();
    const files = new Map<string, string>();
    for (const name of names) files.set(join('runtime', name), await readFile(new URL(name, runtimeDir), 'utf8'));
    return files;
  })();
  return cache;
}
