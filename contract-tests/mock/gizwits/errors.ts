/**
 * The domain's failures: a Gizwits system error code (the spec's `x-error-codes` catalogue) and a
 * detail. The HTTP status and message come from the catalogue where the answer is written.
 */

/** The catalogue codes the mock's domain produces. */
export const Code = {
  formInvalid: 5002,
  enterpriseIdNotExist: 5003,
  enterpriseSecretError: 5004,
  productSecretError: 5005,
  tokenInvalid: 5009,
  tokenMismatch: 5010,
  tokenExpired: 5011,
  rateLimited: 5013,
  reportNotGenerated: 5014,
  productKeyNotExist: 5015,
  appidNotExist: 5016,
  uidNotExist: 5017,
  groupNotOfProduct: 5201,
  parentGroupNotExist: 5202,
  rootGroupExists: 5203,
  groupHasSubgroup: 5204,
  groupHasDevices: 5205,
  groupNotExist: 5206,
  deviceNotExist: 5301,
  deviceNotOfProduct: 5302,
  deviceDisabled: 5304,
  deviceOffline: 5305,
  attrInvalid: 5401,
  datapointNotFound: 5402,
  attrsNotExist: 5405,
} as const;

export type ErrorCode = (typeof Code)[keyof typeof Code];

export class GizwitsError extends Error {
  override readonly name = 'GizwitsError';

  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
  ) {
    super(detail === undefined ? `Gizwits error ${code}` : `Gizwits error ${code}: ${detail}`);
  }
}

export function fail(code: ErrorCode, detail?: string): never {
  throw new GizwitsError(code, detail);
}
