import type { MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startBroker, type EmbeddedBroker } from '../../../contract-tests/mock/mqtt-broker.js';
import { type Generated, GENERATION_TIMEOUT_MS } from './generated-dji.js';
import { Clients } from './mqtt.js';

/** Generated modules as the tests of a file see them: filled in before the first test. */
export type GeneratedView<M> = Omit<Generated<M>, 'remove'>;

/**
 * Generates the modules once for the calling test file (in `beforeAll`) and removes them after
 * its last test. The returned view is readable inside tests and hooks, not at collection time.
 */
export function generatedPerFile<M>(generate: () => Promise<Generated<M>>): GeneratedView<M> {
  let current: Generated<M> | undefined;
  beforeAll(async () => {
    current = await generate();
  }, GENERATION_TIMEOUT_MS);
  afterAll(async () => {
    await current?.remove();
  });
  const ready = (): Generated<M> => {
    if (current === undefined) throw new Error('the generated modules are only there once beforeAll has run');
    return current;
  };
  return {
    get dir() {
      return ready().dir;
    },
    get modules() {
      return ready().modules;
    },
    get errors() {
      return ready().errors;
    },
  };
}

/** The embedded broker of the running test and a way to connect to it. */
export interface BrokerPerTest {
  /** Replaceable (a test restarting the broker): whichever broker is here is closed after the test. */
  broker: EmbeddedBroker;
  /** A client of the current broker, ended after the test. */
  connect(): Promise<MqttClient>;
}

/** A fresh embedded broker for every test of the calling file; its clients are ended after each. */
export function brokerPerTest(): BrokerPerTest {
  let clients: Clients;
  const mqtt = { connect: () => clients.connect(mqtt.broker.url) } as BrokerPerTest;
  beforeEach(async () => {
    mqtt.broker = await startBroker();
    clients = new Clients();
  });
  afterEach(async () => {
    await clients.endAll();
    await mqtt.broker.close();
  });
  return mqtt;
}
