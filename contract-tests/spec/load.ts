/**
 * The IR of a spec for a contract run. The specs were linted when the code was generated, so a
 * run skips the slow schema validation and builds the IR straight from the parsed, ref-resolved
 * document; when that build fails, the full loader names the problems with their locations.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic, hasErrors } from '../../generator/load/diagnostic.js';
import { resolveRefs } from '../../generator/load/refs.js';
import { parseSourceText } from '../../generator/load/source.js';
import { specNameOf } from '../../generator/load/spec.js';
import { detectSpec } from '../../generator/load/spec-version.js';
import { buildIr, loadIr } from '../../generator/ir/build.js';
import type { IrSpec } from '../../generator/ir/types.js';

/** The spec files the generated modules under `generated/` come from. */
export const SPEC_FILES = {
  gizwits: fileURLToPath(new URL('../../specs/gizwits-enterprise.openapi.yaml', import.meta.url)),
  dock: fileURLToPath(new URL('../../specs/dji-dock-organization.asyncapi.yaml', import.meta.url)),
} as const;

export class SpecLoadError extends Error {
  override readonly name = 'SpecLoadError';
}

export async function loadSpecIr(file: string): Promise<IrSpec> {
  const fast = await buildWithoutLint(file).catch(() => undefined);
  if (fast) return fast;
  const { ir, diagnostics } = await loadIr(file);
  if (ir) return ir;
  const errors = diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
  throw new SpecLoadError(`${file} cannot be used:\n${errors.join('\n')}`);
}

async function buildWithoutLint(file: string): Promise<IrSpec | undefined> {
  const source = parseSourceText(file, await readFile(file, 'utf8'));
  if (source.value === undefined || hasErrors(source.diagnostics)) return undefined;
  const detection = detectSpec(source);
  if (!detection.detected) return undefined;
  const refs = await resolveRefs(source);
  if (hasErrors(refs.diagnostics)) return undefined;
  const diagnostics = [...refs.diagnostics];
  const ir = buildIr(
    {
      name: specNameOf(file),
      kind: detection.detected.kind,
      specVersion: detection.detected.version,
      source,
      document: refs.document as Record<string, unknown>,
      diagnostics: [],
    },
    diagnostics,
  );
  return hasErrors(diagnostics) ? undefined : ir;
}
