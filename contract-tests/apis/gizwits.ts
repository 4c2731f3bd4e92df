/** The Gizwits Enterprise REST API as a contract run sees it: the spec's IR and its generated modules. */
import { operationArbitraries } from '../../generated/gizwits-enterprise/arbitraries.js';
import { clientApi, GizwitsEnterpriseClient } from '../../generated/gizwits-enterprise/client.js';
import { operationValidators } from '../../generated/gizwits-enterprise/validators.js';
import { readTokenGrant } from '../../generated/gizwits-enterprise/runtime/token-cache.js';
import { loadSpecIr, SPEC_FILES } from '../spec/load.js';
import { restApi, type Credentials, type DiscoveryTarget, type RestApi } from './api.js';
import { discoverGizwits } from './gizwits-fixtures.js';
import { refineGizwitsSample } from './gizwits-prose.js';

/**
 * Parameter and field names that name resources of the target, or credentials (so that the
 * access-token operation is also tried with the right ones).
 */
export const GIZWITS_IDENTIFIERS = ['product_key', 'did', 'mac', 'gid', 'uid', 'appid', 'enterprise_id', 'enterprise_secret', 'product_secret'] as const;

/** Environment variables a live run reads its credentials from (flags override them). */
export const GIZWITS_CREDENTIAL_ENV = {
  enterprise_id: 'GIZWITS_ENTERPRISE_ID',
  enterprise_secret: 'GIZWITS_ENTERPRISE_SECRET',
  product_key: 'GIZWITS_PRODUCT_KEY',
  product_secret: 'GIZWITS_PRODUCT_SECRET',
} as const;

export async function loadGizwitsApi(): Promise<RestApi> {
  const ir = await loadSpecIr(SPEC_FILES.gizwits);
  return restApi(ir, {
    validators: operationValidators,
    samples: operationArbitraries,
    securitySchemes: clientApi.securitySchemes,
    identifiers: GIZWITS_IDENTIFIERS,
    issueToken,
    refineValid: refineGizwitsSample,
    discover: discoverGizwits,
  });
}

async function issueToken({ baseUrl, credentials, fetch, timeoutMs }: DiscoveryTarget) {
  const client = new GizwitsEnterpriseClient({ baseUrl, fetch, timeoutMs });
  const answer = await client.postV1ProductsProductKeyAccessToken({
    path: { product_key: required(credentials, 'product_key') },
    body: {
      enterprise_id: required(credentials, 'enterprise_id'),
      enterprise_secret: required(credentials, 'enterprise_secret'),
      product_secret: required(credentials, 'product_secret'),
    },
  });
  return readTokenGrant(answer, 'token', ['expired_at', 'expire_at']);
}

function required(credentials: Credentials, name: keyof typeof GIZWITS_CREDENTIAL_ENV): string {
  const value = credentials[name];
  if (value === undefined || value === '') throw new TypeError(`credential ${name} is missing (flag --${name.replace(/_/g, '-')} or ${GIZWITS_CREDENTIAL_ENV[name]})`);
  return value;
}
