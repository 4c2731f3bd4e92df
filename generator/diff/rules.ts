import type { ChangeLevel, Direction } from './change.js';

/** A rule's level, fixed or depending on the side of the exchange the change is on. */
export type RuleLevel = ChangeLevel | Readonly<Record<Direction, ChangeLevel>>;

export interface Rule {
  id: string;
  level: RuleLevel;
  /** True when the change adds something a consumer can start using (a minor version bump). */
  addition: boolean;
  summary: string;
}

/** Narrowing what is accepted: breaks callers that send; harmless to callers that receive. */
const NARROWS = { request: 'breaking', response: 'info' } as const;
/** Widening what is accepted: harmless to callers that send; breaks callers that receive. */
const WIDENS = { request: 'info', response: 'breaking' } as const;

const rule = (id: string, level: RuleLevel, summary: string, addition = false) => ({ id, level, addition, summary }) as const;

/**
 * Every change kind the diff reports, one rule each. A directional level reads "request /
 * response": what a change means depends on who validates the value.
 */
export const RULES = [
  // REST operations
  rule('operation-removed', 'breaking', 'An operation (method + path) is gone.'),
  rule('operation-added', 'info', 'A new operation.', true),
  rule('path-changed', 'breaking', 'An operation keeps its operationId but moves to another path.'),
  rule('operation-method-changed', 'breaking', 'An operation keeps its operationId and path but changes its HTTP method.'),
  rule('operation-id-changed', 'warning', 'The same method + path has a new operationId (generated client names change).'),
  // Parameters
  rule('parameter-added-required', 'breaking', 'A new required parameter (path, query, header or cookie).'),
  rule('parameter-added-optional', 'info', 'A new optional parameter.', true),
  rule('parameter-removed', 'breaking', 'A parameter is gone: what callers send is no longer understood.'),
  rule('parameter-became-required', 'breaking', 'An optional parameter is now required.'),
  rule('parameter-became-optional', 'info', 'A required parameter is now optional.'),
  rule('path-parameter-renamed', 'warning', 'A path parameter has a new name: the URL is the same, generated client signatures are not.'),
  // Request bodies
  rule('required-request-body-added', 'breaking', 'An operation without a body now requires one.'),
  rule('optional-request-body-added', 'info', 'An operation without a body now accepts an optional one.', true),
  rule('request-body-removed', 'warning', 'An operation no longer takes a request body.'),
  rule('request-body-became-required', 'breaking', 'An optional request body is now required.'),
  rule('request-body-became-optional', 'info', 'A required request body is now optional.'),
  rule('request-media-type-removed', 'breaking', 'A request content type is no longer accepted.'),
  rule('request-media-type-added', 'info', 'A new request content type is accepted.', true),
  // Responses
  rule('response-status-removed', 'breaking', 'A documented response status is gone.'),
  rule('response-success-added', 'info', 'A new success (2xx) response.', true),
  rule('response-error-added', 'info', 'A new non-success response.'),
  rule('response-media-type-removed', 'breaking', 'A response content type is no longer produced.'),
  rule('response-media-type-added', 'info', 'A response has a new content type.', true),
  rule('response-header-removed', 'breaking', 'A required response header is gone.'),
  rule('response-optional-header-removed', 'warning', 'An optional response header is gone.'),
  rule('response-header-became-optional', 'breaking', 'A required response header is now optional.'),
  rule('response-header-added', 'info', 'A new response header.', true),
  // Security
  rule('security-requirement-added', 'breaking', 'Credentials that were enough are no longer enough.'),
  rule('security-requirement-removed', 'info', 'An operation accepts less or other credentials than before, as well as the old ones.'),
  rule('security-scheme-changed', 'breaking', 'A security scheme changes its type, location, name or HTTP scheme.'),
  // Schemas (directional)
  rule('type-changed', 'breaking', 'A value changes to a type its consumer does not handle.'),
  rule('type-changed-compatible', 'info', 'A type widens on a request or narrows on a response.'),
  rule('enum-value-removed', NARROWS, 'An enum loses values.'),
  rule('enum-value-added', WIDENS, 'An enum gains values.'),
  rule('enum-constraint-added', NARROWS, 'A value becomes restricted to an enum (or const).'),
  rule('enum-constraint-removed', WIDENS, 'A value is no longer restricted to an enum (or const).'),
  rule('minimum-increased', NARROWS, 'A numeric lower bound rises (or appears).'),
  rule('minimum-decreased', WIDENS, 'A numeric lower bound falls (or disappears).'),
  rule('maximum-decreased', NARROWS, 'A numeric upper bound falls (or appears).'),
  rule('maximum-increased', WIDENS, 'A numeric upper bound rises (or disappears).'),
  rule('min-length-increased', NARROWS, 'minLength rises (or appears).'),
  rule('min-length-decreased', WIDENS, 'minLength falls (or disappears).'),
  rule('max-length-decreased', NARROWS, 'maxLength falls (or appears).'),
  rule('max-length-increased', WIDENS, 'maxLength rises (or disappears).'),
  rule('min-items-increased', NARROWS, 'minItems rises (or appears).'),
  rule('min-items-decreased', WIDENS, 'minItems falls (or disappears).'),
  rule('max-items-decreased', NARROWS, 'maxItems falls (or appears).'),
  rule('max-items-increased', WIDENS, 'maxItems rises (or disappears).'),
  rule('pattern-added', NARROWS, 'A string must now match a pattern.'),
  rule('pattern-removed', WIDENS, 'A string no longer has to match a pattern.'),
  rule('pattern-changed', 'breaking', 'A pattern is replaced by another (neither side can be assumed to hold).'),
  rule('format-added', NARROWS, 'A string must now be of a format (email, date-time, uuid…).'),
  rule('format-removed', WIDENS, 'A string no longer has to be of a format.'),
  rule('format-changed', 'breaking', 'A format is replaced by another.'),
  rule('multiple-of-added', NARROWS, 'A number must now be a multiple of a value (or of a multiple of the old one).'),
  rule('multiple-of-removed', WIDENS, 'A number no longer has to be a multiple of a value (or only of a divisor of the old one).'),
  rule('multiple-of-changed', 'breaking', 'multipleOf changes to a value that neither divides nor is a multiple of the old one.'),
  rule('additional-properties-closed', NARROWS, 'An object no longer accepts properties it does not declare (additionalProperties: false).'),
  rule('additional-properties-opened', WIDENS, 'An object accepts properties it does not declare (additionalProperties: false is gone).'),
  rule('required-property-added', { request: 'breaking', response: 'info' }, 'A new required property.', true),
  rule('optional-property-added', 'info', 'A new optional property.', true),
  rule('property-removed', { request: 'warning', response: 'breaking' }, 'A property is gone.'),
  rule('property-became-required', NARROWS, 'An optional property is now required.'),
  rule('property-became-optional', WIDENS, 'A required property is now optional.'),
  rule('alternative-removed', NARROWS, 'A oneOf/anyOf alternative is gone.'),
  rule('alternative-added', WIDENS, 'A new oneOf/anyOf alternative.'),
  // Error catalogue
  rule('error-code-removed', 'breaking', 'An error code is gone from the catalogue.'),
  rule('error-code-added', 'info', 'A new error code in the catalogue.', true),
  rule('error-code-status-changed', 'warning', 'An error code is now sent with another HTTP status.'),
  // MQTT request/reply
  rule('method-removed', 'breaking', 'An MQTT method is gone.'),
  rule('method-added', 'info', 'A new MQTT method.', true),
  rule('method-action-changed', 'breaking', 'The side that sends a method\'s request changes (send/receive).'),
  rule('channel-address-changed', 'breaking', 'A request or reply topic changes.'),
  rule('content-type-changed', 'breaking', 'A message\'s content type changes.'),
  rule('reply-field-removed', 'breaking', 'A field of an MQTT reply payload is gone.'),
  rule('correlation-changed', 'breaking', 'Where the correlation id sits, or which fields a reply must echo, changes.'),
  rule('qos-lowered', 'warning', 'A request, reply or subscription QoS is lowered.'),
  rule('qos-raised', 'info', 'A request, reply or subscription QoS is raised.'),
  rule('timeout-changed', 'info', 'The reply timeout changes.'),
  rule('retries-changed', 'info', 'The number of request retries changes.'),
] as const satisfies readonly Rule[];

export type RuleId = (typeof RULES)[number]['id'];

const BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: RuleId): Rule {
  return BY_ID.get(id)!;
}

/** A directional rule needs a direction; a fixed one ignores it. */
export function levelOf(rule: Rule, direction: Direction | undefined): ChangeLevel {
  if (typeof rule.level === 'string') return rule.level;
  if (direction === undefined) throw new Error(`rule ${rule.id} needs a direction`);
  return rule.level[direction];
}

export function describeLevel(level: RuleLevel): string {
  return typeof level === 'string' ? level : `${level.request} on a request, ${level.response} on a response`;
}
