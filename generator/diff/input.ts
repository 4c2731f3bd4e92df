import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildIr } from '../ir/build.js';
import { SpecError, hasErrors, sortDiagnostics, type Diagnostic } from '../load/diagnostic.js';
import { loadSpecText } from '../load/load-text.js';
import type { SpecFiles } from '../load/spec-files.js';
import { gitSpec } from './git-files.js';
import type { DiffSide } from './side.js';

export type SideLoad =
  | { side: DiffSide; diagnostics: Diagnostic[] }
  /** `problem`: the input could not be read at all; otherwise `diagnostics` hold its errors. */
  | { side?: undefined; diagnostics: Diagnostic[]; problem?: string };

/** Reads a file path or `git:REV:path` argument: the text, the name it goes by in locations, and where its `$ref`s are read. */
export async function readSpecArgument(argument: string, cwd: string): Promise<{ file: string; text: string; specFiles?: SpecFiles } | { problem: string }> {
  if (argument.startsWith('git:')) {
    const spec = await gitSpec(argument, cwd);
    if ('problem' in spec) return spec;
    try {
      return { ...spec, text: await spec.specFiles.read(spec.file) };
    } catch (error) {
      return { problem: `cannot read ${argument}: ${(error as Error).message}` };
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
  return sideFromText(input.file, input.text, input.specFiles);
}

export async function sideFromText(file: string, text: string, specFiles?: SpecFiles): Promise<SideLoad> {
  const loaded = await loadSpecText(file, text, { specFiles });
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
