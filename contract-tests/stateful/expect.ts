/** Expectations on calls of a generated client: success, or an API error with a given code. */
import { ApiError } from '../../generator/runtime/http-error.js';
import { ModelMismatch } from './model.js';

/** Resolves with the call's result; an error answer is a mismatch naming the call. */
export async function expectSuccess<T>(what: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw new ModelMismatch(`${what}: expected success, got ${describeError(error)}`);
  }
}

/** The call must fail with one of `codes` (an error body's code). */
export async function expectError(what: string, codes: readonly number[], call: Promise<unknown>): Promise<void> {
  let answer: unknown;
  try {
    answer = await call;
  } catch (error) {
    const code = codeOf(error);
    if (code !== undefined && codes.includes(code)) return;
    throw new ModelMismatch(`${what}: expected error ${codes.join(' or ')}, got ${describeError(error)}`);
  }
  throw new ModelMismatch(`${what}: expected error ${codes.join(' or ')}, got success ${JSON.stringify(answer) ?? ''}`);
}

function codeOf(error: unknown): number | undefined {
  if (error instanceof ApiError) return error.code;
  // The generated client's errors are the generated runtime's class: recognised by shape.
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ApiError') {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'number' ? code : undefined;
  }
  return undefined;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
