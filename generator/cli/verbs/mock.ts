import { EXIT_OK, EXIT_USAGE, UsageError, intOption, type Io, type Verb } from '../verb.js';

export const mockVerb: Verb = {
  name: 'mock',
  summary: 'Run the stateful Gizwits REST mock, an MQTT broker and the dock cloud mock until Ctrl-C',
  usage: 'specgen mock [--port N] [--host HOST] [--seed N] [--quota N] [--mqtt-port N | --mqtt-url URL]',
  help: `
Options:
  --port N         port of the Gizwits Enterprise REST mock (default 0: a free port)
  --host HOST      interface the REST mock and the embedded broker listen on (default 127.0.0.1)
  --seed N         seed of the generated world: keys, devices, users, history (default 1)
  --quota N        requests per caller and hour before 403/5013 (default 3600)
  --mqtt-port N    port of the embedded MQTT broker (default 0: a free port)
  --mqtt-url URL   attach the dock cloud mock to this broker instead of starting one
  -h, --help       show this help

Prints the REST URL with the demo credentials, the MQTT URL with the demo dock's serial number
and binding code, and a sample curl. Ctrl-C (SIGINT) or SIGTERM stops everything and exits 0.
A port in use or an unreachable --mqtt-url exits 2.

Examples:
  specgen mock --port 8080
  specgen mock --seed 42 --quota 100
  specgen mock --mqtt-url mqtt://127.0.0.1:1883`,
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string' },
    quota: { type: 'string' },
    'mqtt-port': { type: 'string' },
    'mqtt-url': { type: 'string' },
  },
  allowPositionals: false,
  async run({ values }, io) {
    const options: MockOptions = {
      port: intOption(values, 'port', 0),
      host: String(values.host),
      seed: intOption(values, 'seed', 1),
      quota: intOption(values, 'quota', 3600, 1),
      mqttPort: intOption(values, 'mqtt-port', 0),
      mqttUrl: values['mqtt-url'] === undefined ? undefined : String(values['mqtt-url']),
    };
    if (options.port > 65535 || options.mqttPort > 65535) throw new UsageError('ports go up to 65535');
    if (options.mqttUrl !== undefined && values['mqtt-port'] !== undefined) throw new UsageError('give either --mqtt-port or --mqtt-url, not both');
    if (options.mqttUrl !== undefined && !/^(mqtts?|wss?|tcp):\/\//.test(options.mqttUrl)) {
      throw new UsageError(`--mqtt-url must be an mqtt://, mqtts://, ws:// or wss:// URL, got ${JSON.stringify(options.mqttUrl)}`);
    }
    let mocks: RunningMocks;
    try {
      mocks = await startMocks(options);
    } catch (error) {
      if (!(error instanceof StartError)) throw error;
      io.err(`specgen mock: ${error.message}`);
      return EXIT_USAGE;
    }
    printBanner(io, options, mocks);
    await untilStopSignal();
    io.out('stopping…');
    await mocks.close();
    return EXIT_OK;
  },
};

export interface MockOptions {
  port: number;
  host: string;
  seed: number;
  quota: number;
  mqttPort: number;
  mqttUrl: string | undefined;
}

interface RunningMocks {
  restUrl: string;
  credentials: { enterprise_id: string; enterprise_secret: string; product_key: string; product_secret: string };
  /** A MAC of the demo product, for the sample calls. */
  sampleMac: string;
  mqttUrl: string;
  embeddedBroker: boolean;
  dock: { gatewaySn: string; droneSn: string; organizationId: string; organizationName: string; bindingCode: string };
  close(): Promise<void>;
}

/** A failure the user can fix (a port in use, a broker that does not answer): reported, exit 2. */
class StartError extends Error {}

/**
 * Starts the REST mock, then the broker (unless external), then the dock cloud mock on it. What
 * started is stopped again if a later part fails. The mocks are imported here, not at the top:
 * they import generated code, which must not be needed to run `specgen generate`.
 */
export async function startMocks(options: MockOptions): Promise<RunningMocks> {
  const [{ startGizwitsMock }, { startBroker }, { startDockCloudMock, DEMO }] = await Promise.all([
    import('../../../contract-tests/mock/gizwits/index.js'),
    import('../../../contract-tests/mock/mqtt-broker.js'),
    import('../../../contract-tests/mock/dock-cloud/index.js'),
  ]);
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const stop of closers.splice(0).reverse()) await stop();
  };
  try {
    const rest = await startGizwitsMock({ port: options.port, host: options.host, seed: options.seed, quotaPerHour: options.quota }).catch(listenError('REST mock', options.port));
    closers.push(() => rest.close());
    let mqttUrl = options.mqttUrl;
    if (mqttUrl === undefined) {
      const broker = await startBroker({ port: options.mqttPort, host: options.host }).catch(listenError('MQTT broker', options.mqttPort));
      closers.push(() => broker.close());
      mqttUrl = broker.url;
    } else {
      await probeBroker(mqttUrl);
    }
    const dock = await startDockCloudMock({ brokerUrl: mqttUrl, seed: options.seed });
    closers.push(() => dock.close());
    return {
      restUrl: rest.url,
      credentials: rest.credentials,
      sampleMac: rest.state.world.products[0]!.devices.find((d) => d.isOnline)!.mac,
      mqttUrl,
      embeddedBroker: options.mqttUrl === undefined,
      dock: {
        gatewaySn: DEMO.gatewaySn,
        droneSn: DEMO.droneSn,
        organizationId: DEMO.organizationId,
        organizationName: DEMO.organizationName,
        bindingCode: DEMO.bindingCode,
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function listenError(what: string, port: number) {
  return (error: unknown): never => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StartError(`${what}: port ${port} is already in use`);
    if (code === 'EACCES') throw new StartError(`${what}: no permission to listen on port ${port}`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new StartError(`${what}: cannot listen on this host (${code})`);
    throw error;
  };
}

/** One connection attempt without retries, so an unreachable broker is reported instead of retried forever. */
async function probeBroker(url: string): Promise<void> {
  const { connectAsync } = await import('mqtt');
  try {
    const client = await connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000 }, false);
    await client.endAsync();
  } catch (error) {
    throw new StartError(`cannot connect to the MQTT broker at ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function printBanner(io: Io, options: MockOptions, mocks: RunningMocks): void {
  const { credentials: c, restUrl, dock } = mocks;
  const tokenBody = JSON.stringify({ enterprise_id: c.enterprise_id, enterprise_secret: c.enterprise_secret, product_secret: c.product_secret });
  const lines = [
    `Gizwits Enterprise REST mock  ${restUrl}  (seed ${options.seed}, ${options.quota} requests per caller and hour)`,
    `  enterprise_id      ${c.enterprise_id}`,
    `  enterprise_secret  ${c.enterprise_secret}`,
    `  product_key        ${c.product_key}`,
    `  product_secret     ${c.product_secret}`,
    `MQTT broker                   ${mocks.mqttUrl}  (${mocks.embeddedBroker ? 'embedded' : 'external'})`,
    `Dock cloud mock               answers thing/product/{gateway_sn}/requests on requests_reply`,
    `  gateway_sn         ${dock.gatewaySn}  (unbound; its drone ${dock.droneSn})`,
    `  organization_id    ${dock.organizationId}  (${dock.organizationName})`,
    `  binding code       ${dock.bindingCode}`,
    '',
    'Try:',
    `  curl -s -X POST '${restUrl}/v1/products/${c.product_key}/access_token' -H 'Content-Type: application/json' -d '${tokenBody}'`,
    `  curl -s '${restUrl}/v1/products/${c.product_key}/device_detail?mac=${mocks.sampleMac}' -H 'Authorization: token <token>'`,
    '',
    'Press Ctrl-C to stop.',
  ];
  for (const line of lines) io.out(line);
}

function untilStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
