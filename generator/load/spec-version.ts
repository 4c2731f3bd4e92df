import type { Diagnostic } from './diagnostic.js';
import { diagnosticAt } from './located.js';
import type { SourceFile } from './source.js';
import type { SpecKind } from './spec.js';
import { isPlainObject } from './walk.js';

export interface DetectedSpec {
  kind: SpecKind;
  /** The version string as written, e.g. `3.1.0`. */
  version: string;
}

export type Detection = { detected: DetectedSpec; diagnostics: [] } | { detected: undefined; diagnostics: Diagnostic[] };

const SUPPORTED: Record<SpecKind, RegExp> = {
  openapi: /^3\.[01]\.\d+(-.+)?$/,
  asyncapi: /^3\.[01]\.0$/,
};

/** Versions that exist but that specgen does not read. */
const KNOWN_UNSUPPORTED: Record<SpecKind, RegExp> = {
  openapi: /^(2\.0|3\.2\.\d+)$/,
  asyncapi: /^(1\.[0-2]\.0|2\.[0-6]\.0)$/,
};

const SUPPORTED_TEXT: Record<SpecKind, string> = {
  openapi: 'OpenAPI 3.0.x and 3.1.x',
  asyncapi: 'AsyncAPI 3.0.0 and 3.1.0',
};

/** Tells OpenAPI from AsyncAPI by the root `openapi` / `asyncapi` field and checks the version. */
export function detectSpec(source: SourceFile): Detection {
  const root = source.value;
  const fail = (diagnostic: Diagnostic): Detection => ({ detected: undefined, diagnostics: [diagnostic] });
  const kinds = (['openapi', 'asyncapi'] as const).filter((k) => isPlainObject(root) && Object.hasOwn(root, k));
  if (!isPlainObject(root) || kinds.length !== 1) {
    if (isPlainObject(root) && Object.hasOwn(root, 'swagger')) {
      return fail(diagnosticAt(source, '/swagger', 'spec-version-unsupported', `Swagger ${String(root.swagger)} is not supported: convert the spec to OpenAPI 3.1`));
    }
    const why = kinds.length > 1 ? 'has both an `openapi` and an `asyncapi` field' : 'has no root `openapi` or `asyncapi` field';
    return fail({ file: source.file, line: 1, col: 1, severity: 'error', code: 'spec-version-unknown', message: `not an OpenAPI or AsyncAPI document: it ${why}`, pointer: '' });
  }
  const kind = kinds[0]!;
  const version = root[kind];
  const pointer = `/${kind}`;
  if (typeof version !== 'string') {
    return fail(diagnosticAt(source, pointer, 'spec-version-unknown', `${kind} must be a version string such as '3.1.0' (quote it in YAML), got ${JSON.stringify(version)}`));
  }
  if (SUPPORTED[kind].test(version)) return { detected: { kind, version }, diagnostics: [] };
  const code = KNOWN_UNSUPPORTED[kind].test(version) ? 'spec-version-unsupported' : 'spec-version-unknown';
  const what = code === 'spec-version-unsupported' ? 'is not supported' : 'is not a known version';
  return fail(diagnosticAt(source, pointer, code, `${kind} ${version} ${what}: specgen reads ${SUPPORTED_TEXT[kind]}`));
}
