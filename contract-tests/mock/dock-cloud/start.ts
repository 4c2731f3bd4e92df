/**
 * The dock cloud mock on a broker: an MQTT client of its own, answering the organization
 * methods of every gateway from a seeded registry. `specgen mock` starts it on the embedded broker
 * (contract-tests/mock/mqtt-broker.ts), or on an external one with `--mqtt-url`.
 */

import { connectAsync, type IClientOptions } from 'mqtt';
import { attachDjiDockOrganizationCloudHandlers } from '../../../generated/dji-dock-organization/cloud-handlers.js';
import type { ResponderEvent, ResponderStats } from '../../../generated/dji-dock-organization/runtime/mqtt-responder.js';
import { dockCloudHandlers } from './handlers.js';
import { seededRegistry, type OrganizationRegistry } from './registry.js';

export interface DockCloudMockOptions {
  /** e.g. `mqtt://127.0.0.1:1883` */
  brokerUrl: string;
  /** Seed of the registry's organizations and bound devices; default 1. */
  seed?: number;
  /** Extra mqtt.js options (credentials, client id, …). */
  mqtt?: IClientOptions;
  /** Told about every request dropped or answered with an error. */
  log?: (event: ResponderEvent) => void;
}

export interface DockCloudMock {
  registry: OrganizationRegistry;
  /** Requests received and how they were answered. */
  readonly stats: Readonly<ResponderStats>;
  /** Unsubscribes and disconnects. */
  close(): Promise<void>;
}

export async function startDockCloudMock(options: DockCloudMockOptions): Promise<DockCloudMock> {
  const registry = seededRegistry(options.seed ?? 1);
  const client = await connectAsync(options.brokerUrl, { reconnectPeriod: 1000, ...options.mqtt });
  try {
    const responder = await attachDjiDockOrganizationCloudHandlers(client, dockCloudHandlers(registry), {
      ...(options.log !== undefined && { log: options.log }),
    });
    let closing: Promise<void> | undefined;
    return {
      registry,
      get stats() {
        return responder.stats;
      },
      close: () =>
        (closing ??= (async () => {
          await responder.close();
          await client.endAsync();
        })()),
    };
  } catch (error) {
    await client.endAsync(true);
    throw error;
  }
}
