/** The REST models over a Gizwits target: device groups and bindings, when the target has what they need. */
import { GizwitsEnterpriseClient } from '../../generated/gizwits-enterprise/client.js';
import type { IrSpec } from '../../generator/ir/types.js';
import type { RestSession } from '../run/rest-phase.js';
import { bindingsModel } from './bindings.js';
import { deviceGroupsModel } from './device-groups.js';
import type { StatefulModel } from './model.js';

export interface Prepared {
  models: StatefulModel<object, unknown>[];
  /** Why a model was left out. */
  notes: string[];
  /** Releases what the models hold (listeners on a shared MQTT client). */
  close?(): void;
}

export function gizwitsModels(session: RestSession, timeoutMs: number): Prepared {
  const { ir } = session.api;
  const client = new GizwitsEnterpriseClient({ baseUrl: session.target.baseUrl, credentials: session.target.credentials, timeoutMs, validateResponses: true, fetch: session.fetch });
  const productKey = session.target.credentials.product_key ?? '';
  const models: StatefulModel<object, unknown>[] = [];
  const notes: string[] = [];
  models.push(
    deviceGroupsModel({ client, productKey, knownMacs: session.known.values('mac').slice(0, 6), location: locationOf(ir, 'post_v1_products_product_key_device_groups') }) as unknown as StatefulModel<object, unknown>,
  );
  const user = session.known.recordWith('uid', 'appid');
  const dids = session.known.values('did');
  if (user && dids.length > 0) {
    models.push(
      bindingsModel({ client, productKey, uid: user.uid as string, appid: user.appid as string, dids, location: locationOf(ir, 'post_v1_products_product_key_devices_bindings') }) as unknown as StatefulModel<object, unknown>,
    );
  } else {
    notes.push('stateful bindings model not run: it needs a user and its app (--param uid=… --param appid=…) and a device of the product');
  }
  return { models, notes };
}

function locationOf(ir: IrSpec, operationId: string) {
  return (ir.operations.find((o) => o.id === operationId) ?? ir).location;
}
