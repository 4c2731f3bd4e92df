/**
 * Where specgen's generation time goes, stage by stage, in one process: load + lint (without
 * example checks, as the bench runs it), IR, then each emitter's `emit` and the printing of its
 * files. Run by `run.ts` after the comparison; also usable alone:
 *
 *   npx tsx scripts/bench/generate/stages.ts SPEC [emitter,…]
 */
import { performance } from 'node:perf_hooks';
import { emitters } from '../../../generator/emit/registry.js';
import { printFile } from '../../../generator/emit/print.js';
import { buildIr } from '../../../generator/ir/build.js';
import { formatDiagnostic, hasErrors } from '../../../generator/load/diagnostic.js';
import { loadSpec } from '../../../generator/load/load-spec.js';

const [file, list = 'types,validators,arbitraries'] = process.argv.slice(2);
if (!file) throw new Error('usage: stages.ts SPEC [emitter,…]');
const ids = list.split(',');

const rows: [string, number, string][] = [];
let last = performance.now();
function lap(stage: string, note = ''): void {
  const now = performance.now();
  rows.push([stage, now - last, note]);
  last = now;
}

const loaded = await loadSpec(file, { checkExamples: false });
lap('load + lint (no examples)');
if (hasErrors(loaded.diagnostics)) throw new Error(loaded.diagnostics.map(formatDiagnostic).slice(0, 5).join('\n'));
const ir = buildIr(loaded, []);
lap('IR', `${ir.operations.length} operations, ${ir.schemas.length} schemas`);
for (const emitter of emitters.filter((e) => ids.includes(e.id))) {
  const files = emitter.emit(ir);
  lap(`${emitter.id}: emit`);
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(printFile(f)), 0);
  lap(`${emitter.id}: print`, `${files.length} files, ${(bytes / 1e6).toFixed(1)} MB`);
}

const total = rows.reduce((n, [, ms]) => n + ms, 0);
const width = Math.max(...rows.map(([stage]) => stage.length));
for (const [stage, ms, note] of rows) {
  console.log(`  ${stage.padEnd(width)}  ${(ms / 1000).toFixed(2).padStart(6)} s  ${((100 * ms) / total).toFixed(0).padStart(3)}%  ${note}`);
}
console.log(`  ${'total'.padEnd(width)}  ${(total / 1000).toFixed(2).padStart(6)} s  (peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB)`);
