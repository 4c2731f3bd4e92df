/**
 * Regenerates every golden file: runs each registered emitter over each fixture spec in
 * test/fixtures/emit/ and writes its printed files to test/golden/<emitter>/<fixture>/.
 *
 *   npx tsx scripts/update-golden.ts [emitter-id…]
 *
 * Review the diff before committing: a golden file is the expected output.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Emitter } from '../generator/emit/emitter.js';
import { printFile } from '../generator/emit/print.js';
import { typesEmitter } from '../generator/emit/types/index.js';
import { specNameOf } from '../generator/load/spec.js';
import { fixtureDir, irOf, repoRoot, specFiles } from '../test/emit/fixtures.js';

/** Emitters with golden files, by id (= folder under test/golden/). */
const goldenEmitters: Record<string, Emitter> = {
  types: typesEmitter,
};

async function main(only: string[]): Promise<void> {
  const unknown = only.filter((id) => !(id in goldenEmitters));
  if (unknown.length > 0) throw new Error(`unknown emitter(s): ${unknown.join(', ')}; known: ${Object.keys(goldenEmitters).join(', ')}`);
  const selected = Object.entries(goldenEmitters).filter(([id]) => only.length === 0 || only.includes(id));
  for (const file of await specFiles(fixtureDir)) {
    const ir = await irOf(file);
    for (const [id, emitter] of selected) {
      const dir = join(repoRoot, 'test/golden', id, specNameOf(file));
      await rm(dir, { recursive: true, force: true });
      if (!emitter.appliesTo(ir)) continue;
      for (const emitted of emitter.emit(ir)) {
        const target = join(dir, emitted.path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, printFile(emitted));
        console.log(`wrote ${target.slice(repoRoot.length + 1)}`);
      }
    }
  }
}

await main(process.argv.slice(2));
