import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');

/**
 * Writes `files` (relative path → text) into a temp folder inside the repo (so node_modules
 * resolves) and runs `tsc --noEmit` over them with the project's compiler options.
 * Resolves to tsc's diagnostics text; '' means the files compile.
 */
export async function typecheckFiles(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(repo, '.specgen-tmp-typecheck-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: '../tsconfig.json', include: ['**/*.ts'], compilerOptions: { noEmit: true } }),
    );
    try {
      await run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir });
      return '';
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return `${e.stdout ?? ''}${e.stderr ?? ''}` || String(error);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
