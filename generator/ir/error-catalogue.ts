import { joinPointer } from '../load/pointer.js';
import type { IrContext } from './context.js';
import type { IrErrorCode } from './types.js';
import { compact, isRecord, numberOf, stringOf } from './values.js';

/**
 * The spec's machine-readable error catalogue: root `x-error-codes`, a list of
 * `{code, status?, message, fix?}`, plus entries that operations declare in full in their own
 * `x-error-codes` (operations may also just list codes of the root catalogue).
 */
export class ErrorCatalogue {
  private readonly byCode = new Map<number, IrErrorCode>();

  /** `withStatus`: REST catalogues carry an HTTP status; MQTT ones do not. */
  constructor(
    private readonly ctx: IrContext,
    private readonly withStatus: boolean,
  ) {}

  addRoot(list: unknown, pointer: string): void {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      this.ctx.report('warning', 'ir-error-codes-invalid', 'x-error-codes must be a list of {code, message}', pointer);
      return;
    }
    list.forEach((entry, index) => {
      const at = joinPointer(pointer, index);
      const error = this.entry(entry, at);
      if (!error) return;
      if (this.byCode.has(error.code)) {
        this.ctx.report('warning', 'ir-error-code-duplicate', `error code ${error.code} is listed more than once; the first entry wins`, at);
      } else {
        this.byCode.set(error.code, error);
      }
    });
  }

  /** Codes an operation declares (numbers, or full entries), sorted and unique. */
  operationCodes(list: unknown, pointer: string): number[] {
    if (list === undefined) return [];
    if (!Array.isArray(list)) {
      this.ctx.report('warning', 'ir-error-codes-invalid', 'x-error-codes must be a list of codes or {code, message}', pointer);
      return [];
    }
    const codes = new Set<number>();
    list.forEach((item, index) => {
      const at = joinPointer(pointer, index);
      const code = this.known(isRecord(item) ? this.declare(item, at) : numberOf(item), at, 'expected an error code or {code, message}');
      if (code !== undefined) codes.add(code);
    });
    return [...codes].sort((a, b) => a - b);
  }

  /** A single code of the catalogue (such as a security scheme's `x-error-code`), or undefined with a warning. */
  code(value: unknown, pointer: string): number | undefined {
    return value === undefined ? undefined : this.known(numberOf(value), pointer, 'expected an error code of the catalogue');
  }

  private known(code: number | undefined, pointer: string, invalid: string): number | undefined {
    if (code === undefined || !Number.isInteger(code)) {
      this.ctx.report('warning', 'ir-error-codes-invalid', invalid, pointer);
      return undefined;
    }
    if (!this.byCode.has(code)) {
      this.ctx.report('warning', 'ir-error-code-unknown', `error code ${code} is not in the root x-error-codes catalogue`, pointer);
      return undefined;
    }
    return code;
  }

  entries(): IrErrorCode[] {
    return [...this.byCode.values()].sort((a, b) => a.code - b.code);
  }

  /** An operation's full entry joins the catalogue unless the root already defines the code. */
  private declare(item: Record<string, unknown>, pointer: string): number | undefined {
    const code = numberOf(item.code);
    if (code === undefined || this.byCode.has(code)) return code;
    const error = this.entry(item, pointer);
    if (error) this.byCode.set(error.code, error);
    return code;
  }

  private entry(entry: unknown, pointer: string): IrErrorCode | undefined {
    const code = isRecord(entry) ? numberOf(entry.code) : undefined;
    const message = isRecord(entry) ? stringOf(entry.message) : undefined;
    if (!isRecord(entry) || code === undefined || !Number.isInteger(code) || message === undefined) {
      this.ctx.report('warning', 'ir-error-codes-invalid', 'an error catalogue entry needs an integer code and a message', pointer);
      return undefined;
    }
    return compact({
      code,
      status: this.withStatus ? numberOf(entry.status) : undefined,
      message,
      fix: stringOf(entry.fix),
      location: this.ctx.locate(pointer),
    });
  }
}
