import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSpecs } from '../../generator/diff/diff.js';
import { buildIr } from '../../generator/ir/build.js';
import { hasErrors } from '../../generator/load/diagnostic.js';
import { loadSpecText } from '../../generator/load/load-text.js';
import { repo } from './helpers.js';

const specs = readdirSync(join(repo, 'specs')).filter((f) => /\.(openapi|asyncapi)\.ya?ml$/.test(f)).sort();

describe.each(specs)('specs/%s', (name) => {
  it('diffed with itself has no changes', async () => {
    const file = join(repo, 'specs', name);
    const loaded = await loadSpecText(file, readFileSync(file, 'utf8'));
    expect(hasErrors(loaded.diagnostics)).toBe(false);
    // Two builds: separate IR objects and documents, as two loads would give.
    const before = { ir: buildIr(loaded), source: loaded.source };
    const after = { ir: buildIr(loaded), source: loaded.source };
    expect(after.ir.document).not.toBe(before.ir.document);
    const report = diffSpecs(before, after);
    expect(report.changes).toEqual([]);
    expect(report.bump).toBe('none');
  }, 60_000);
});
