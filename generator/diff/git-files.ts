import { execFile } from 'node:child_process';
import { posix } from 'node:path';
import { promisify } from 'node:util';
import type { SpecFiles } from '../load/spec-files.js';

const run = promisify(execFile);

/** `git:REV:path`: a spec as committed, read with `git show REV:path` in the repository holding the cwd. */
const GIT_ARGUMENT = /^git:([^:]+):(.+)$/;

/** A committed spec: its name (`git:REV:path`, the path from the repository's top) and how its files are read. */
export interface GitSpec {
  file: string;
  specFiles: SpecFiles;
}

/**
 * The files of one git revision, named `git:REV:path` with `path` from the top of the repository,
 * so a spec's relative `$ref`s name the files beside it in that same revision. A path written
 * from the working directory (`./…`, `../…`), as git allows, is turned into one from the top.
 */
export async function gitSpec(argument: string, cwd: string): Promise<GitSpec | { problem: string }> {
  const match = GIT_ARGUMENT.exec(argument);
  if (!match) return { problem: `${argument}: expected git:REV:path, e.g. git:HEAD:specs/api.openapi.yaml` };
  const [, rev, written] = match as unknown as [string, string, string];
  let path = written;
  if (/^\.\.?\//.test(written)) {
    try {
      path = posix.join((await git(['rev-parse', '--show-prefix'], cwd)).trim(), written);
    } catch (error) {
      return { problem: `cannot read ${argument}: ${(error as Error).message}` };
    }
  }
  const prefix = `git:${rev}:`;
  const specFiles: SpecFiles = {
    relative: (fromFile, refPath) => prefix + posix.join(posix.dirname(fromFile.slice(prefix.length)), refPath),
    key: (file) => file,
    read: async (file) => {
      const inside = file.startsWith(prefix) ? file.slice(prefix.length) : undefined;
      if (inside === undefined || inside === '..' || inside.startsWith('../')) throw new Error(`${file} is outside the repository`);
      return git(['show', `${rev}:${inside}`], cwd);
    },
  };
  return { file: prefix + posix.normalize(path), specFiles };
}

/** git's output, or an Error carrying the first line git printed on failure. */
async function git(args: string[], cwd: string): Promise<string> {
  try {
    return (await run('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    const reason = stderr.split('\n')[0] || (error as Error).message;
    throw new Error(reason.replace(/^fatal: /, ''));
  }
}
