import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Change } from '../../generator/diff/change.js';
import { sideFromText } from '../../generator/diff/input.js';
import type { DiffSide } from '../../generator/diff/side.js';
import { buildIr } from '../../generator/ir/build.js';
import { formatDiagnostic } from '../../generator/load/diagnostic.js';
import { parseSourceText } from '../../generator/load/source.js';
import { specNameOf } from '../../generator/load/spec.js';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const fixtures = join(repo, 'test', 'fixtures', 'diff');

/** A fixture pair: `old.*` and `new.*` spec files, and what each direction must report. */
export interface FixturePair {
  name: string;
  oldFile: string;
  newFile: string;
  /** `level rule-id [direction]` per expected change, sorted. */
  forward: string[];
  reverse: string[];
}

export function fixturePairs(): FixturePair[] {
  return readdirSync(fixtures)
    .filter((name) => statSync(join(fixtures, name)).isDirectory())
    .sort()
    .map((name) => {
      const files = readdirSync(join(fixtures, name));
      const spec = (prefix: string) => join(fixtures, name, files.find((f) => f.startsWith(`${prefix}.`) && f !== 'expected.yaml')!);
      const expected = parse(readFileSync(join(fixtures, name, 'expected.yaml'), 'utf8')) as { forward: string[]; reverse: string[] };
      return { name, oldFile: spec('old'), newFile: spec('new'), forward: [...expected.forward].sort(), reverse: [...expected.reverse].sort() };
    });
}

/** A spec file through the full loader (lint included); fails the test on any error. */
export async function loadSide(file: string): Promise<DiffSide> {
  const load = await sideFromText(file, readFileSync(file, 'utf8'));
  if (!load.side) throw new Error(`${file} does not load:\n${load.diagnostics.map(formatDiagnostic).join('\n')}`);
  return load.side;
}

/** A spec from text, parsed and built without lint: for small engine tests. */
export function sideOf(text: string, file = 'inline.openapi.yaml'): DiffSide {
  const source = parseSourceText(file, text);
  const document = source.value as Record<string, unknown>;
  const kind = typeof document.openapi === 'string' ? 'openapi' : 'asyncapi';
  const ir = buildIr({ name: specNameOf(file), kind, specVersion: String(document[kind]), source, document, diagnostics: [] });
  return { ir, source };
}

export function changeKey(change: Change): string {
  return `${change.level} ${change.id}${change.direction ? ` ${change.direction}` : ''}`;
}

export function changeKeys(changes: readonly Change[]): string[] {
  return changes.map(changeKey).sort();
}
