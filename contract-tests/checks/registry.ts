/** Every check of a contract run, and the selection `--checks` / `--exclude-checks` make. */
import { replyCorrelation, replyReceived, timestampSanity } from './mqtt/reply.js';
import { negativeRequestRejection, replyResultConformance, replySchemaConformance } from './mqtt/conformance.js';
import { ignoredAuth } from './rest/auth.js';
import { contentTypeConformance, responseHeadersConformance, responseSchemaConformance, statusCodeConformance } from './rest/conformance.js';
import { negativeDataRejection, positiveDataAcceptance } from './rest/data.js';
import { errorCodeConformance } from './rest/error-codes.js';
import { missingRequiredHeader } from './rest/headers.js';
import { ensureResourceAvailability, useAfterFree } from './rest/resources.js';
import { notAServerError } from './rest/server-errors.js';
import { statefulModelConformance } from './stateful.js';
import { maxResponseTime } from './timing.js';
import type { Check } from './types.js';

export const checks: readonly Check[] = [
  notAServerError,
  statusCodeConformance,
  contentTypeConformance,
  responseHeadersConformance,
  responseSchemaConformance,
  errorCodeConformance,
  positiveDataAcceptance,
  negativeDataRejection,
  missingRequiredHeader,
  ignoredAuth,
  ensureResourceAvailability,
  useAfterFree,
  maxResponseTime,
  replyReceived,
  replyCorrelation,
  replySchemaConformance,
  replyResultConformance,
  negativeRequestRejection,
  timestampSanity,
  statefulModelConformance,
];

export class UnknownCheckError extends Error {
  override readonly name = 'UnknownCheckError';
}

/** The checks named by `include` (all when empty) minus `exclude`; an unknown id is an error naming the known ones. */
export function selectChecks(include: readonly string[], exclude: readonly string[]): Check[] {
  const known = new Set(checks.map((c) => c.id));
  const unknown = [...include, ...exclude].filter((id) => !known.has(id));
  if (unknown.length > 0) throw new UnknownCheckError(`unknown check(s) ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  return checks.filter((c) => (include.length === 0 || include.includes(c.id)) && !exclude.includes(c.id));
}
