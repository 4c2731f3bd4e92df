/** One line per finished target, e.g. `[12/33] get_v1_products_product_key_devices 100+100 examples ✓`. */
import type { TargetOutcome } from '../report/model.js';

export function progressLine(index: number, total: number, outcome: TargetOutcome): string {
  const { result } = outcome;
  const head = `[${index}/${total}] ${result.id}`;
  if (result.error !== undefined) return `${head} ✗ not run: ${result.error}`;
  const { valid, invalid, unsendable } = result.samples;
  const examples = result.kind === 'stateful' ? '' : ` ${valid}+${invalid} examples${unsendable > 0 ? ` (${unsendable} unsendable)` : ''}`;
  const failed = Object.entries(result.checks).filter(([, t]) => t.failed > 0);
  if (failed.length === 0) return `${head}${examples} ✓ (${Math.round(result.durationMs)} ms)`;
  return `${head}${examples} ✗ ${failed.map(([id, t]) => `${id} ×${t.failed}`).join(', ')}`;
}
