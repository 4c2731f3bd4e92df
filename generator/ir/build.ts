import { SpecError, hasErrors, sortDiagnostics, type Diagnostic } from '../load/diagnostic.js';
import { loadSpec } from '../load/load-spec.js';
import type { LoadOptions } from '../load/load-text.js';
import type { LoadedSpec } from '../load/spec.js';
import { buildAsyncApiIr } from './build-asyncapi.js';
import { buildOpenApiIr } from './build-openapi.js';
import type { IrSpec } from './types.js';

/**
 * LoadedSpec → IR. Problems the builders can work around (an unknown link target, an invalid QoS)
 * are appended to `diagnostics`; a spec version the builders do not understand throws `SpecError`.
 */
export function buildIr(loaded: LoadedSpec, diagnostics: Diagnostic[] = []): IrSpec {
  const supported = loaded.kind === 'openapi' ? /^3\.[0-9]+\./.test(loaded.specVersion) : /^3\./.test(loaded.specVersion);
  if (!supported) {
    const { file, line, col } = loaded.source.positionOf(`/${loaded.kind}`);
    throw new SpecError([
      {
        file,
        line,
        col,
        severity: 'error',
        code: 'ir-unsupported-version',
        message: `${loaded.kind} ${loaded.specVersion} is not supported (OpenAPI 3.x and AsyncAPI 3.x are)`,
        pointer: `/${loaded.kind}`,
      },
    ]);
  }
  return loaded.kind === 'openapi' ? buildOpenApiIr(loaded, diagnostics) : buildAsyncApiIr(loaded, diagnostics);
}

/**
 * Loads, lints and builds one spec. `ir` is present only when neither loading nor building found
 * an error: a spec with errors generates nothing. Diagnostics come sorted.
 */
export async function loadIr(file: string, options: LoadOptions = {}): Promise<{ ir?: IrSpec; diagnostics: Diagnostic[] }> {
  try {
    const loaded = await loadSpec(file, options);
    if (hasErrors(loaded.diagnostics)) return { diagnostics: sortDiagnostics(loaded.diagnostics) };
    const diagnostics = [...loaded.diagnostics];
    const ir = buildIr(loaded, diagnostics);
    return hasErrors(diagnostics) ? { diagnostics: sortDiagnostics(diagnostics) } : { ir, diagnostics: sortDiagnostics(diagnostics) };
  } catch (error) {
    if (error instanceof SpecError) return { diagnostics: sortDiagnostics(error.diagnostics) };
    throw error;
  }
}
