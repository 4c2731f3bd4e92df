import type { DiffContext } from './context.js';

/** Catalogue entries matched by code. */
export function diffErrorCatalogue(ctx: DiffContext): void {
  const after = new Map(ctx.new.ir.errorCatalogue.map((e) => [e.code, e]));
  const catalogue = (side: DiffContext['old']) => (side.ir.document['x-error-codes'] === undefined ? undefined : '/x-error-codes');
  for (const entry of ctx.old.ir.errorCatalogue) {
    const counterpart = after.get(entry.code);
    if (!counterpart) {
      ctx.out.add({ rule: 'error-code-removed', old: entry.location.pointer, new: catalogue(ctx.new), text: `error code ${entry.code} (${entry.message}) was removed from the catalogue` });
      continue;
    }
    after.delete(entry.code);
    if (entry.status !== undefined && counterpart.status !== undefined && entry.status !== counterpart.status) {
      ctx.out.add({
        rule: 'error-code-status-changed',
        old: entry.location.pointer,
        new: counterpart.location.pointer,
        text: `error code ${entry.code} is now sent with HTTP ${counterpart.status} instead of ${entry.status}`,
      });
    }
  }
  for (const entry of after.values()) {
    ctx.out.add({ rule: 'error-code-added', old: catalogue(ctx.old), new: entry.location.pointer, text: `error code ${entry.code} (${entry.message}) was added to the catalogue` });
  }
}
