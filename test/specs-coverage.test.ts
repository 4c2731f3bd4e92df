import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../generator/load/diagnostic.js';
import { defaultSpecFiles, lintSpecs } from '../generator/load/load-spec.js';
import type { LoadedSpec } from '../generator/load/spec.js';
import { isPlainObject, visitStructure } from '../generator/load/walk.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
/** The source documents live in shared/ beside the clone (on CI too). */
const gizwitsReference = join(repo, '..', 'shared', 'reference', 'gizwits-enterprise-api.md');

function readReference(file: string): string {
  if (!existsSync(file)) {
    throw new Error(`source document ${file} is missing: the spec coverage checks need ../shared/reference/ beside the repository`);
  }
  return readFileSync(file, 'utf8');
}

/** operationIds of the overview tables: the rows under each "API List|Description" header. */
function overviewOperationIds(markdown: string): string[] {
  const ids: string[] = [];
  let inTable = false;
  for (const line of markdown.split('\n')) {
    if (/^API List\s*\|\s*Description/.test(line)) inTable = true;
    else if (inTable && /^-+\|-+/.test(line)) continue;
    else if (inTable && /^\s*([a-z][a-z0-9_]*)\s*\|/.test(line)) ids.push(/^\s*([a-z][a-z0-9_]*)/.exec(line)![1]!);
    else inTable = false;
  }
  return ids;
}

/** [code, HTTP status] rows of the document's "# Error codes" table. */
function errorTable(markdown: string): [number, number][] {
  const section = markdown.split(/^# Error codes\s*$/m)[1];
  if (section === undefined) throw new Error('the source document has no "# Error codes" section');
  const rows: [number, number][] = [];
  for (const line of section.split(/^# /m)[0]!.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (/^\d{3}$/.test(cells[0] ?? '') && /^\d{4}$/.test(cells[1] ?? '')) rows.push([Number(cells[1]), Number(cells[0])]);
  }
  return rows;
}

describe('the real specs', () => {
  let specs: LoadedSpec[];
  let openapi: LoadedSpec;
  let asyncapi: LoadedSpec;

  beforeAll(async () => {
    specs = await lintSpecs(await defaultSpecFiles(repo));
    openapi = specs.find((s) => s.name === 'gizwits-enterprise')!;
    asyncapi = specs.find((s) => s.name === 'dji-dock-organization')!;
  });

  it('are both there, with the kinds and versions the project targets', () => {
    expect(specs.map((s) => [s.name, s.kind, s.specVersion]).sort()).toEqual([
      ['dji-dock-organization', 'asyncapi', '3.0.0'],
      ['gizwits-enterprise', 'openapi', '3.1.0'],
    ]);
  });

  it('lint without errors', () => {
    const errors = specs.flatMap((s) => s.diagnostics).filter((d) => d.severity === 'error');
    expect(errors.map(formatDiagnostic)).toEqual([]);
  });

  it('Gizwits: every operationId of the overview tables is an operationId of the spec', () => {
    const listed = overviewOperationIds(readReference(gizwitsReference));
    expect(listed, 'the overview tables list the 33 operations').toHaveLength(33);
    const inSpec = new Set<string>();
    visitStructure(openapi.document.paths, (node) => {
      if (typeof node.operationId === 'string') inSpec.add(node.operationId);
    });
    expect(listed.filter((id) => !inSpec.has(id))).toEqual([]);
  });

  it('Gizwits: every code of the error table is in the x-error-codes catalogue with the same HTTP status', () => {
    const table = errorTable(readReference(gizwitsReference));
    expect(table.length, 'the error table has 57 rows (5016 twice)').toBe(57);
    const catalogue = openapi.document['x-error-codes'];
    expect(Array.isArray(catalogue), 'the spec has a root x-error-codes list').toBe(true);
    const statusOf = new Map((catalogue as unknown[]).filter(isPlainObject).map((entry) => [entry.code, entry.status]));
    const wrong = table.filter(([code, status]) => statusOf.get(code) !== status).map(([code, status]) => `${code}: table ${status}, spec ${String(statusOf.get(code))}`);
    expect(wrong).toEqual([]);
  });

  it('DJI: has the three organization methods', () => {
    const methods = new Set<string>(Object.keys(isPlainObject(asyncapi.document.operations) ? asyncapi.document.operations : {}));
    visitStructure(asyncapi.document, (node) => {
      const method = isPlainObject(node.properties) ? node.properties.method : undefined;
      if (isPlainObject(method) && typeof method.const === 'string') methods.add(method.const);
    });
    for (const method of ['airport_bind_status', 'airport_organization_get', 'airport_organization_bind']) expect([...methods]).toContain(method);
  });
});
