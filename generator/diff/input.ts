import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildIr } from '../ir/build.js';
import { SpecError, hasErrors, sortDiagnostics, type Diagnostic } from '../load/diagnostic.js';
import { loadSpecText } from '../load/load-text.js';
import type { DiffSide } from './side.js';

const run = promisify(execFile);

/** `git:REV:path`: a spec as committed, read with `git show REV:path` in the repository holding the cwd. */
const GIT_ARGUMENT = /^git:([^:]+):(.+)$/;

export type SideLoad =
  | { side: DiffSide; diagnostics: Diagnostic[] }
  /** `problem`: the input could not be read at all; otherwise `diagnostics` hold its errors. */
  | { side?: undefined; diagnostics: Diagnostic[]; problem?: string };

/** Reads a file path or `git:REV:path` argument: the text and the name it goes by in locations. */
export async function readSpecArgument(argument: string, cwd: string): Promise<{ file: string; text: string } | { problem: string }> {
  if (argument.startsWith('git:')) {
    const match = GIT_ARGUMENT.exec(argument);
    if (!match) return { problem: `${argument}: expected git:REV:path, e.g. git:HEAD:specs/api.openapi.yaml` };
    try {
      const { stdout } = await run('git', ['show', `${match[1]}:${match[2]}`], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      return { file: argument, text: stdout };
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
      const reason = stderr.split('\n')[0] || (error as Error).message;
      return { problem: `cannot read ${argument}: ${reason.replace(/^fatal: /, '')}` };
    }
  }
  const file = resolve(cwd, argument);
  try {
    return { file, text: await readFile(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: `cannot read ${argument}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}` };
  }
}

/** Reads, lints and builds one side of a diff; a spec with errors gives no side. */
export async function loadDiffSide(argument: string, cwd: string): Promise<SideLoad> {
  const input = await readSpecArgument(argument, cwd);
  if ('problem' in input) return { diagnostics: [], problem: input.problem };
  return sideFromText(input.file, input.text);
}

export async function sideFromText(file: string, text: string): Promise<SideLoad> {
  const loaded = await loadSpecText(file, text);
  if (hasErrors(loaded.diagnostics)) return { diagnostics: loaded.diagnostics };
  const diagnostics = [...loaded.diagnostics];
  try {
    const ir = buildIr(loaded, diagnostics);
    if (hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics) };
    return { side: { ir, source: loaded.source }, diagnostics: sortDiagnostics(diagnostics) };
  } catch (error) {
    if (error instanceof SpecError) return { diagnostics: sortDiagnostics(error.diagnostics) };
    throw error;
  }
}
