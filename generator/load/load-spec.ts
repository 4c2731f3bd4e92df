import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateAsyncApi } from './asyncapi-validate.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostic.js';
import { checkExamples } from './examples.js';
import { diagnosticAt } from './located.js';
import { checkOpenApiSemantics } from './openapi-semantics.js';
import { validateOpenApiDocument } from './openapi-schema.js';
import { resolveRefs } from './refs.js';
import { parseSourceText, type SourceFile } from './source.js';
import { specNameOf, type LoadedSpec, type SpecKind } from './spec.js';
import { detectSpec } from './spec-version.js';
import { isPlainObject } from './walk.js';

/**
 * Loads and lints one spec: parse with positions, tell OpenAPI from AsyncAPI, bundle and check
 * `$ref`s, validate against the official schema (OpenAPI) or @asyncapi/parser (AsyncAPI), check
 * examples against their schemas and a few rules the schemas cannot express. Problems in the spec
 * are diagnostics, never exceptions; each stage that cannot work on a broken input stops there.
 */
export async function loadSpec(file: string): Promise<LoadedSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const source = parseSourceText(file, '');
    const message = `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`;
    return unusable(file, source, [{ file, line: 1, col: 1, severity: 'error', code: 'file-unreadable', message, pointer: '' }]);
  }
  const source = parseSourceText(file, text);
  if (source.value === undefined || hasErrors(source.diagnostics)) return unusable(file, source, source.diagnostics);
  const detection = detectSpec(source);
  if (!detection.detected) return unusable(file, source, [...source.diagnostics, ...detection.diagnostics]);
  const { kind, version } = detection.detected;

  const refs = await resolveRefs(source);
  const document = refs.document as Record<string, unknown>;
  const diagnostics: Diagnostic[] = [...source.diagnostics, ...refs.diagnostics];
  if (kind === 'openapi') {
    const line = version.startsWith('3.0') ? '3.0' : '3.1';
    for (const finding of validateOpenApiDocument(document, line)) {
      diagnostics.push(diagnosticAt(source, finding.pointer, 'openapi-schema', finding.message, { atKey: finding.atKey }));
    }
    diagnostics.push(...checkOpenApiSemantics(document, source));
  } else {
    diagnostics.push(...(await validateAsyncApi(source)));
  }
  // Examples are checked through the refs of their schemas: only once every ref resolves.
  if (!hasErrors(refs.diagnostics)) {
    const dialect = kind === 'asyncapi' ? 'asyncapi' : version.startsWith('3.0') ? 'openapi-3.0' : 'openapi-3.1';
    diagnostics.push(...checkExamples(document, dialect, source));
  }
  return { name: specNameOf(file), kind, specVersion: version, source, document, diagnostics: sortDiagnostics(diagnostics) };
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

/**
 * A spec that stopped before its kind and version were known: `specVersion` is empty and `kind` is
 * what the file name suggests. Its diagnostics hold at least one error.
 */
function unusable(file: string, source: SourceFile, diagnostics: Diagnostic[]): LoadedSpec {
  const kind: SpecKind = /\.asyncapi\./i.test(file) || (isPlainObject(source.value) && Object.hasOwn(source.value, 'asyncapi')) ? 'asyncapi' : 'openapi';
  return { name: specNameOf(file), kind, specVersion: '', source, document: {}, diagnostics: sortDiagnostics(diagnostics) };
}
