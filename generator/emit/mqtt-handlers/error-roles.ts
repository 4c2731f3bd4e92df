import type { IrSpec } from '../../ir/types.js';

/** Responder error codes (the runtime's names) taken from the spec's root `x-error-roles`. */
export interface ResponderCodes {
  /** Codes for every method: `malformed`, `unknownMethod`, `handlerFailed`. */
  all: Partial<Record<'malformed' | 'unknownMethod' | 'handlerFailed', number>>;
  /** Codes of single methods, by method name (sorted), over `all`. */
  methods: [string, Partial<Record<'malformed' | 'handlerFailed', number>>][];
}

/** Role names in `x-error-roles` → the responder's names for them. */
const ROLES = { requestInvalid: 'malformed', unknownMethod: 'unknownMethod', handlerFailed: 'handlerFailed' } as const;

/**
 * Each role is an integer code for every method or, except `unknownMethod` (there is no method to
 * look up), an object of method name → code. Anything else is left to the runtime's defaults;
 * the spec linter is where a malformed extension is reported.
 */
export function responderCodes(ir: IrSpec, methods: readonly string[]): ResponderCodes {
  const roles = ir.document['x-error-roles'];
  const codes: ResponderCodes = { all: {}, methods: [] };
  if (!isRecord(roles)) return codes;
  const perMethod = new Map<string, Partial<Record<'malformed' | 'handlerFailed', number>>>();
  for (const [role, name] of Object.entries(ROLES)) {
    const value = Object.hasOwn(roles, role) ? roles[role] : undefined;
    if (Number.isSafeInteger(value)) {
      codes.all[name] = value as number;
    } else if (isRecord(value) && name !== 'unknownMethod') {
      for (const method of methods) {
        const code = Object.hasOwn(value, method) ? value[method] : undefined;
        if (Number.isSafeInteger(code)) perMethod.set(method, { ...perMethod.get(method), [name]: code as number });
      }
    }
  }
  codes.methods = [...perMethod].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return codes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
