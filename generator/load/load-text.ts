import { validateAsyncApi } from './asyncapi-validate.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostic.js';
import { checkExamples } from './examples.js';
import { diagnosticAt } from './located.js';
import { checkOpenApiSemantics } from './openapi-semantics.js';
import { validateOpenApiDocument } from './openapi-schema.js';
import { resolveRefs } from './refs.js';
import { parseSourceText } from './source.js';
import type { SpecFiles } from './spec-files.js';
import { specNameOf, type LoadedSpec, type SpecKind } from './spec.js';
import { detectSpec } from './spec-version.js';
import { isPlainObject } from './walk.js';

export interface LoadOptions {
  /**
   * Check every example against its schema (default true). Generating from a third-party spec
   * whose examples contradict its schemas can turn this off: examples shape no generated code.
   */
  checkExamples?: boolean;
  /** Where the files named by external `$ref`s are read (default: the file system). */
  specFiles?: SpecFiles;
}

/**
 * Loads and lints a spec whose text is already in hand (read from git, a pipe, a test), with the
 * same stages as `loadSpec`. `file` names the text in every diagnostic and location; relative
 * external `$ref`s are resolved against it through `options.specFiles`.
 */
export async function loadSpecText(file: string, text: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  const source = parseSourceText(file, text);
  const unusable = (diagnostics: Diagnostic[]): LoadedSpec => {
    const kind: SpecKind = /\.asyncapi\./i.test(file) || (isPlainObject(source.value) && Object.hasOwn(source.value, 'asyncapi')) ? 'asyncapi' : 'openapi';
    return { name: specNameOf(file), kind, specVersion: '', source, document: {}, diagnostics: sortDiagnostics(diagnostics) };
  };
  if (source.value === undefined || hasErrors(source.diagnostics)) return unusable(source.diagnostics);
  const detection = detectSpec(source);
  if (!detection.detected) return unusable([...source.diagnostics, ...detection.diagnostics]);
  const { kind, version } = detection.detected;

  const refs = await resolveRefs(source, options.specFiles);
  const document = refs.document as Record<string, unknown>;
  const located = refs.located;
  const diagnostics: Diagnostic[] = [...source.diagnostics, ...refs.diagnostics];
  if (kind === 'openapi') {
    const line = version.startsWith('3.0') ? '3.0' : '3.1';
    for (const finding of validateOpenApiDocument(document, line)) {
      diagnostics.push(diagnosticAt(located, finding.pointer, 'openapi-schema', finding.message, { atKey: finding.atKey }));
    }
    diagnostics.push(...checkOpenApiSemantics(document, located));
  } else if (!hasErrors(refs.diagnostics)) {
    // The parser checks the bundled document: only once every ref resolves.
    diagnostics.push(...(await validateAsyncApi(document, located)));
  }
  // Examples are checked through the refs of their schemas: only once every ref resolves.
  if (options.checkExamples !== false && !hasErrors(refs.diagnostics)) {
    const dialect = kind === 'asyncapi' ? 'asyncapi' : version.startsWith('3.0') ? 'openapi-3.0' : 'openapi-3.1';
    diagnostics.push(...checkExamples(document, dialect, located));
  }
  return { name: specNameOf(file), kind, specVersion: version, source: located, document, diagnostics: sortDiagnostics(diagnostics) };
}
