/**
 * What the checks ask of a spec's IR: the documented response of a status, the error catalogue,
 * the error roles (`x-error-roles`) and printable locations.
 */
import { relative } from 'node:path';
import type { IrErrorCode, IrLocation, IrOperation, IrResponse, IrSpec } from '../../generator/ir/types.js';

/** The documented response a status falls under: exact, then its class (`4XX`), then `default`. */
export function documentedResponse(op: IrOperation, status: number): IrResponse | undefined {
  const exact = String(status);
  const range = `${exact[0]}XX`;
  return (
    op.responses.find((r) => r.status === exact) ??
    op.responses.find((r) => r.status.toUpperCase() === range) ??
    op.responses.find((r) => r.status === 'default')
  );
}

/** Documented statuses as written, e.g. `201, 400, 403, 404`. */
export function documentedStatuses(op: IrOperation): string {
  return op.responses.map((r) => r.status).join(', ') || 'none';
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

export function catalogueOf(ir: IrSpec): ReadonlyMap<number, IrErrorCode> {
  return new Map(ir.errorCatalogue.map((e) => [e.code, e]));
}

/**
 * `x-error-roles` at the spec root: role → code, or role → method → code (MQTT handler
 * failures). Roles a check relies on: `bodyInvalid`, `formInvalid`, `tokenInvalid`,
 * `tokenMismatch`, `tokenExpired`, `rateLimited`, `requestInvalid`.
 */
export interface ErrorRoles {
  code(role: string): number | undefined;
  /** Every code named by any role, whatever its shape. */
  readonly all: ReadonlySet<number>;
}

export function errorRolesOf(ir: IrSpec): ErrorRoles {
  const raw = ir.document['x-error-roles'];
  const roles = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const all = new Set<number>();
  for (const value of Object.values(roles)) {
    if (Number.isInteger(value)) all.add(value as number);
    else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) if (Number.isInteger(v)) all.add(v as number);
  }
  return {
    code: (role) => {
      const value = Object.hasOwn(roles, role) ? roles[role] : undefined;
      return Number.isInteger(value) ? (value as number) : undefined;
    },
    all,
  };
}

/** `specs/x.yaml:12:7`, relative to `cwd` when the file is below it. */
export function formatLocation(location: IrLocation, cwd = process.cwd()): string {
  const file = relative(cwd, location.file);
  const shown = file.startsWith('..') || file === '' ? location.file : file;
  return `${shown}:${location.line}:${location.col}`;
}
