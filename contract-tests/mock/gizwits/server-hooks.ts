/**
 * The stub's hooks for the mock: credentials checked against the state (unknown or expired
 * tokens, wrong enterprise id or secret), the hourly quota counted per caller before a request
 * is handled (403/5013 over it), and the X-RateLimit-* headers on every answer, errors included.
 */

import type { AuthVerdict, OutgoingResponse, RequestContext, RestServerOptions } from '../../../generated/gizwits-enterprise/runtime/rest-server-core.js';
import { GizwitsError } from './errors.js';
import type { QuotaState } from './quota.js';
import type { GizwitsState } from './state.js';

/** The spec's security schemes. */
export const SCHEMES = { token: 'GizwitsToken', enterpriseId: 'EnterpriseId', enterpriseSecret: 'EnterpriseSecret' } as const;

/** What the hooks keep in `context.state`. */
interface CallerState {
  /** Quota bucket: the token, the enterprise, or the client address for calls without credentials. */
  caller?: string;
  quota?: QuotaState;
}

export type GizwitsHooks = Required<Pick<RestServerOptions, 'authenticate' | 'beforeHandle' | 'decorateResponse'>>;

export function gizwitsHooks(state: GizwitsState): GizwitsHooks {
  return {
    authenticate(scheme: string, value: string, context: RequestContext): AuthVerdict {
      const own = context.state as CallerState;
      return verdict(() => {
        if (scheme === SCHEMES.token) {
          state.verifyToken(value);
          own.caller = `token:${value}`;
        } else if (scheme === SCHEMES.enterpriseId) {
          state.verifyEnterprise(value);
          own.caller = `enterprise:${value}`;
        } else if (scheme === SCHEMES.enterpriseSecret) {
          state.verifyEnterprise(context.credentials[SCHEMES.enterpriseId], value);
        }
      });
    },

    beforeHandle(context: RequestContext) {
      const own = context.state as CallerState;
      const caller = callerOf(context);
      try {
        own.quota = state.consumeQuota(caller);
        return undefined;
      } catch (error) {
        if (!(error instanceof GizwitsError)) throw error;
        own.quota = state.peekQuota(caller);
        return context.error(error.code, error.detail);
      }
    },

    decorateResponse(context: RequestContext, response: OutgoingResponse): void {
      const quota = (context.state as CallerState).quota ?? state.peekQuota(callerOf(context));
      // The stub's outgoing header names are lowercase.
      response.headers['x-ratelimit-limit'] = String(quota.limit);
      response.headers['x-ratelimit-remaining'] = String(quota.remaining);
      response.headers['x-ratelimit-reset'] = String(quota.reset);
    },
  };
}

function callerOf(context: RequestContext): string {
  return (context.state as CallerState).caller ?? `client:${context.req.socket.remoteAddress ?? 'unknown'}`;
}

function verdict(check: () => void): AuthVerdict {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof GizwitsError) return error.detail === undefined ? { code: error.code } : { code: error.code, detail: error.detail };
    throw error;
  }
}
