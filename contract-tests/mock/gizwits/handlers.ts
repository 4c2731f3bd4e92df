/**
 * The 33 operations of the generated server stub, answered from the mock's state. Requests
 * arrive validated and coerced by the stub; a domain failure becomes the catalogue's error answer.
 * Token operations check here that the token was issued for the path's product (5010): the
 * authentication hook has already refused unknown and expired tokens.
 */

import type { GizwitsEnterpriseHandlers } from '../../../generated/gizwits-enterprise/server.js';
import type { RequestContext } from '../../../generated/gizwits-enterprise/runtime/rest-server-core.js';
import type { ControlCommand } from './devices.js';
import { GizwitsError } from './errors.js';
import { SCHEMES } from './server-hooks.js';
import type { GizwitsState } from './state.js';

export function gizwitsHandlers(state: GizwitsState): GizwitsEnterpriseHandlers {
  /** The path's product key, once the request's token is known to be issued for it. */
  const product = (context: RequestContext, productKey: string): string => {
    state.verifyToken(context.credentials[SCHEMES.token] ?? '', productKey);
    return productKey;
  };

  return {
    // ---------------------------------------------------------------- authorization, product, users
    postV1ProductsProductKeyAccessToken: (req, ctx) => answer(ctx, () => ({ status: 201, body: state.issueToken(req.path.product_key, req.body) })),
    getV1ProductsProductKeyDatapoint: (req, ctx) => answer(ctx, () => ({ status: 200, body: state.datapoint(product(ctx, req.path.product_key)) })),
    getV1UsersSearch: (req, ctx) => answer(ctx, () => ({ status: 200, body: state.searchRegisteredUsers(req.query) })),
    getV1ProductsProductKeyUsersSearch: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.searchBindingUsers(product(ctx, req.path.product_key), req.query ?? {}) })),

    // ---------------------------------------------------------------- devices
    getV1ProductsProductKeyDevices: (req, ctx) => answer(ctx, () => ({ status: 200, body: state.deviceDid(product(ctx, req.path.product_key), req.query.mac) })),
    getV1ProductsProductKeyDeviceDetail: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.deviceDetail(product(ctx, req.path.product_key), req.query.mac) })),
    getV1ProductsProductKeyDevicesSearch: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.searchDevices(product(ctx, req.path.product_key), req.query ?? {}) })),
    getV1ProductsProductKeyDevicesDidData: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.deviceData(product(ctx, req.path.product_key), req.path.did, req.query ?? {}) })),
    getV1ProductsProductKeyDevicesDidOnline: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.deviceOnline(product(ctx, req.path.product_key), req.path.did, req.query ?? {}) })),
    getV1ProductsProductKeyDevicesDidCmd: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.deviceCmd(product(ctx, req.path.product_key), req.path.did, req.query ?? {}) })),
    postV1ProductsProductKeyDevicesDidControl: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.control(product(ctx, req.path.product_key), req.path.did, controlCommand(req.body)) })),

    // ---------------------------------------------------------------- device groups
    getV1ProductsProductKeyDeviceGroups: (req, ctx) => answer(ctx, () => ({ status: 200, body: state.groupTree(product(ctx, req.path.product_key)) })),
    postV1ProductsProductKeyDeviceGroups: (req, ctx) =>
      answer(ctx, () => ({ status: 201, body: state.createGroup(product(ctx, req.path.product_key), req.body?.parent_gid) })),
    getV1ProductsProductKeyDeviceGroupsGid: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.groupMacs(product(ctx, req.path.product_key), req.path.gid) })),
    putV1ProductsProductKeyDeviceGroupsGid: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.updateGroup(product(ctx, req.path.product_key), req.path.gid, req.body) })),
    deleteV1ProductsProductKeyDeviceGroupsGid: (req, ctx) =>
      answer(ctx, () => {
        state.deleteGroup(product(ctx, req.path.product_key), req.path.gid);
        return { status: 204 };
      }),

    // ---------------------------------------------------------------- bindings
    postV1ProductsProductKeyDevicesBindings: (req, ctx) => answer(ctx, () => ({ status: 200, body: state.bind(product(ctx, req.path.product_key), req.body) })),
    deleteV1ProductsProductKeyDevicesBindings: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.unbind(product(ctx, req.path.product_key), req.body) })),

    // ---------------------------------------------------------------- device reports
    getV1ProductsProductKeyDevicesReportActivation: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.activationReport(product(ctx, req.path.product_key), req.query) })),
    getV1ProductsProductKeyDevicesLocations: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.deviceLocations(product(ctx, req.path.product_key), req.query ?? {}) })),
    getV1ProductsProductKeySummary: (req, ctx) => answer(ctx, () => ({ status: 200, body: state.summary(product(ctx, req.path.product_key)) })),
    getV1ProductsProductKeyIncrDevices: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.incrDevices(product(ctx, req.path.product_key), req.query ?? {}) })),
    getV1ProductsProductKeyActiveDevices: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.activeDevices(product(ctx, req.path.product_key), req.query ?? {}) })),
    getV1ProductsProductKeyDevicesReportLivenessHistory: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.livenessHistory(product(ctx, req.path.product_key), req.query) })),
    getV1ProductsProductKeyDevicesReportRt: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.statusReport(product(ctx, req.path.product_key), req.query ?? {}) })),
    getV1ProductsProductKeyFaultReportDevices: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.issueDevices(product(ctx, req.path.product_key), 'fault', req.query ?? {}) })),
    getV1ProductsProductKeyAlertReportDevices: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.issueDevices(product(ctx, req.path.product_key), 'alert', req.query ?? {}) })),
    getV1ProductsProductKeyFaultReportEvents: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.issueEvents(product(ctx, req.path.product_key), 'fault', req.query ?? {}) })),
    getV1ProductsProductKeyFaultAlertEvents: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.issueEvents(product(ctx, req.path.product_key), 'alert', req.query ?? {}) })),

    // ---------------------------------------------------------------- user reports
    getV1ProductsProductKeyUsersReportNew: (req, ctx) => answer(ctx, () => ({ status: 200, body: state.newUsers(product(ctx, req.path.product_key), req.query) })),
    getV1UsersLivenessTotal: (req, ctx) => answer(ctx, () => ({ status: 200, body: state.userLiveness(req.query) })),
    getV1UsersLocation: (req, ctx) => answer(ctx, () => ({ status: 200, body: state.userLocation(req.query) })),
    getV1ProductsProductKeyUsersReportTotal: (req, ctx) =>
      answer(ctx, () => ({ status: 200, body: state.usersTotal(product(ctx, req.path.product_key), req.query ?? {}) })),
  };
}

/** Runs an operation; a domain failure becomes the catalogue's answer for its code (status, message, detail). */
function answer<R>(context: RequestContext, run: () => R): R {
  try {
    return run();
  } catch (error) {
    // The catalogue decides the status; the stub checks the answer is documented for the operation.
    if (error instanceof GizwitsError) return context.error(error.code, error.detail) as R;
    throw error;
  }
}

/** The body has exactly one of `raw` and `attrs` (the stub has checked it against the schema). */
function controlCommand(body: { raw?: number[]; attrs?: Record<string, unknown> }): ControlCommand {
  return body.raw !== undefined ? { raw: body.raw } : { attrs: body.attrs ?? {} };
}
