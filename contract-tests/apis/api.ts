/**
 * What a contract run needs of one spec: its IR and the generated validators and arbitraries.
 * `gizwits.ts` and `dji-dock.ts` bind the generated modules of the two specs to these shapes.
 */
import type fc from 'fast-check';
import type { IrErrorCode, IrOperation, IrSpec } from '../../generator/ir/types.js';
import type { FetchLike } from '../../generator/runtime/http-request.js';
import type { SecuritySchemeDescriptor } from '../../generator/runtime/rest-client-core.js';
import type { InvalidMessage, InvalidSample, RequestSample } from '../../generator/runtime/samples.js';
import type { MethodValidators, OperationValidators } from '../../generator/runtime/validation.js';
import { catalogueOf, errorRolesOf, type ErrorRoles } from '../spec/facts.js';

export interface OperationSamples {
  valid: fc.Arbitrary<RequestSample>;
  /** Absent when a request of the operation has nothing to break. */
  invalid?: fc.Arbitrary<InvalidSample>;
}

export interface MethodSamples {
  valid: fc.Arbitrary<unknown>;
  invalid?: fc.Arbitrary<InvalidMessage>;
}

/** Credentials of the target, named as the spec's access-token operation and security schemes name them. */
export type Credentials = Readonly<Record<string, string>>;

export interface TokenGrant {
  token: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export interface RestApi {
  ir: IrSpec;
  validators: Readonly<Record<string, OperationValidators>>;
  samples: Readonly<Record<string, OperationSamples>>;
  /** How each security scheme is sent (the generated client's descriptors). */
  securitySchemes: Readonly<Record<string, SecuritySchemeDescriptor>>;
  roles: ErrorRoles;
  catalogue: ReadonlyMap<number, IrErrorCode>;
  /** Obtains an access token from the target with the credentials (through the generated client). */
  issueToken(target: { baseUrl: string; credentials: Credentials; fetch: FetchLike; timeoutMs: number }): Promise<TokenGrant>;
  /**
   * Constraints the spec states in prose only (e.g. "the interval between start_ts and end_ts must
   * be within two days"), applied to valid samples so they are valid by the whole spec, not only
   * by its schemas. Must return a sample the schemas still accept.
   */
  refineValid?(operation: IrOperation, sample: RequestSample, nowSeconds: number): RequestSample;
  /** Names of resource identifiers the run may fill with the target's real values (see rest/known-values.ts). */
  identifiers: readonly string[];
  /** Finds (or creates) real resources of the target to aim samples at; `cleanup` removes what it created. */
  discover?(target: DiscoveryTarget): Promise<Discovery>;
}

export interface DiscoveryTarget {
  baseUrl: string;
  credentials: Credentials;
  timeoutMs: number;
  /** The run's throttled keep-alive fetch: every request of a run counts against the rate limit. */
  fetch: FetchLike;
}

export interface Discovery {
  /** Values of identifiers; the values of one record belong together. */
  records: Record<string, string>[];
  /** What could not be found, for the run's notes. */
  notes: string[];
  /** Removes what discovery created; resolves to what could not be removed. */
  cleanup(): Promise<string[]>;
}

export interface MqttApi {
  ir: IrSpec;
  validators: Readonly<Record<string, MethodValidators>>;
  samples: Readonly<Record<string, MethodSamples>>;
  roles: ErrorRoles;
  catalogue: ReadonlyMap<number, IrErrorCode>;
}

export function restApi(ir: IrSpec, parts: Omit<RestApi, 'ir' | 'roles' | 'catalogue'>): RestApi {
  return { ir, roles: errorRolesOf(ir), catalogue: catalogueOf(ir), ...parts };
}

export function mqttApi(ir: IrSpec, parts: Omit<MqttApi, 'ir' | 'roles' | 'catalogue'>): MqttApi {
  return { ir, roles: errorRolesOf(ir), catalogue: catalogueOf(ir), ...parts };
}
