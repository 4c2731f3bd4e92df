import type { Diagnostic } from '../load/diagnostic.js';
import type { LoadedSpec, SpecKind } from '../load/spec.js';
import { IrContext } from './context.js';
import { ErrorCatalogue } from './error-catalogue.js';
import { normalizeDocument } from './normalize-schema.js';
import type { IrSpec } from './types.js';
import { isRecord, stringOf, type JsonObject } from './values.js';

/** What both builders start from: the normalised document, its context and components, and the root error catalogue. */
export interface IrStart {
  document: JsonObject;
  ctx: IrContext;
  components: JsonObject;
  catalogue: ErrorCatalogue;
}

/** `withStatus`: whether the spec's error codes carry an HTTP status (OpenAPI) or not (AsyncAPI). */
export function startIr(loaded: LoadedSpec, kind: SpecKind, diagnostics: Diagnostic[], withStatus: boolean): IrStart {
  const document = normalizeDocument(loaded.document, kind, loaded.specVersion);
  const ctx = new IrContext(document, loaded.source, diagnostics);
  const components = isRecord(document.components) ? document.components : {};
  const catalogue = new ErrorCatalogue(ctx, withStatus);
  catalogue.addRoot(document['x-error-codes'], '/x-error-codes');
  return { document, ctx, components, catalogue };
}

/** The IR's leading fields, read the same way from either kind of spec. */
export function specHeader(
  loaded: LoadedSpec,
  kind: SpecKind,
  document: JsonObject,
): Pick<IrSpec, 'name' | 'kind' | 'specVersion' | 'file' | 'sha256' | 'title' | 'version' | 'description' | 'document'> {
  const info = isRecord(document.info) ? document.info : {};
  return {
    name: loaded.name,
    kind,
    specVersion: loaded.specVersion,
    file: loaded.source.file,
    sha256: loaded.source.sha256,
    title: stringOf(info.title) ?? loaded.name,
    version: stringOf(info.version) ?? '',
    description: stringOf(info.description),
    document,
  };
}
