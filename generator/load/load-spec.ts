import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSpecText, type LoadOptions } from './load-text.js';
import { parseSourceText, readProblem } from './source.js';
import { specNameOf, type LoadedSpec } from './spec.js';

/**
 * Loads and lints one spec file: parse with positions, tell OpenAPI from AsyncAPI, bundle and check
 * `$ref`s, validate against the official schema (OpenAPI) or @asyncapi/parser (AsyncAPI), check
 * examples against their schemas and a few rules the schemas cannot express (see `loadSpecText`).
 * Problems in the spec, an unreadable file included, are diagnostics, never exceptions.
 */
export async function loadSpec(file: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    // Nothing was read: `specVersion` stays empty and `kind` is what the file name suggests.
    return {
      name: specNameOf(file),
      kind: /\.asyncapi\./i.test(file) ? 'asyncapi' : 'openapi',
      specVersion: '',
      source: parseSourceText(file, ''),
      document: {},
      diagnostics: [{ file, line: 1, col: 1, severity: 'error', code: 'file-unreadable', message: `cannot read the spec: ${readProblem(error)}`, pointer: '' }],
    };
  }
  return loadSpecText(file, text, options);
}

/** Loads every file in order (one at a time: the AsyncAPI parser is shared). */
export async function lintSpecs(files: readonly string[]): Promise<LoadedSpec[]> {
  const specs: LoadedSpec[] = [];
  for (const file of files) specs.push(await loadSpec(file));
  return specs;
}

const SPEC_FILE = /\.(openapi|asyncapi)\.(ya?ml|json)$/i;

/** Every `*.openapi.*` and `*.asyncapi.*` (YAML or JSON) file in `<cwd>/specs`, sorted. */
export async function defaultSpecFiles(cwd: string): Promise<string[]> {
  const dir = join(cwd, 'specs');
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names.filter((n) => SPEC_FILE.test(n)).sort().map((n) => join(dir, n));
}
