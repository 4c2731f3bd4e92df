/**
 * Resources the run created, found through the spec's links to DELETE operations (a created group
 * links to its deletion; a binding to its unbinding). DELETE samples consume them, so a run only
 * ever deletes what it made; whatever is left is deleted when the run ends.
 */
import type { IrOperation, IrSpec } from '../../generator/ir/types.js';
import type { RestExchange } from '../checks/types.js';
import { isSuccess } from '../spec/facts.js';
import { evaluate, linkParameters } from './links.js';

export interface Disposable {
  /** The DELETE operation that removes it. */
  operationId: string;
  pathParams: Record<string, string>;
  /** The DELETE's body, when the link gives one. */
  body?: unknown;
  /** Creation order: the newest are deleted first at the end (children before parents). */
  order: number;
}

export class Disposables {
  private readonly byOperation = new Map<string, Disposable[]>();
  private counter = 0;

  constructor(private readonly ir: IrSpec) {}

  /** Records what a successful exchange of `op` created, per link to a DELETE operation. */
  collect(op: IrOperation, exchange: RestExchange): void {
    const status = exchange.response?.status;
    if (status === undefined || !isSuccess(status)) return;
    const documented = op.responses.find((r) => r.status === String(status));
    for (const link of documented?.links ?? []) {
      const target = this.ir.operations.find((o) => o.id === link.operationId);
      if (target?.method !== 'delete') continue;
      const pathParams = linkParameters(link, exchange);
      if (!pathParams) continue;
      const body = link.requestBody === undefined ? undefined : evaluate(link.requestBody, exchange);
      const item: Disposable = { operationId: target.id, pathParams, order: this.counter++, ...(body === undefined ? {} : { body: structuredClone(body) }) };
      const list = this.byOperation.get(target.id) ?? [];
      list.push(item);
      this.byOperation.set(target.id, list);
    }
  }

  /** The oldest resource `operationId` can delete, taken out of the pool. */
  take(operationId: string): Disposable | undefined {
    return this.byOperation.get(operationId)?.shift();
  }

  giveBack(item: Disposable): void {
    this.byOperation.get(item.operationId)?.unshift(item);
  }

  /** Everything left, newest first. */
  drain(): Disposable[] {
    const all = [...this.byOperation.values()].flat().sort((a, b) => b.order - a.order);
    this.byOperation.clear();
    return all;
  }
}
