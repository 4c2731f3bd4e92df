import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, intOption, type Verb } from '../verb.js';

/** Credential flags, the credential each sets and the environment variable it falls back to. */
const CREDENTIAL_FLAGS = {
  'enterprise-id': ['enterprise_id', 'GIZWITS_ENTERPRISE_ID'],
  'enterprise-secret': ['enterprise_secret', 'GIZWITS_ENTERPRISE_SECRET'],
  'product-key': ['product_key', 'GIZWITS_PRODUCT_KEY'],
  'product-secret': ['product_secret', 'GIZWITS_PRODUCT_SECRET'],
} as const;

export const contractVerb: Verb = {
  name: 'contract',
  summary: 'Contract-test a REST and an MQTT endpoint (default: the embedded mocks) against the specs',
  usage: 'specgen contract [--base-url URL] [--mqtt-url URL --gateway-sn SN] [options]',
  help: `
Targets (without --base-url and --mqtt-url the embedded Gizwits mock, MQTT broker and dock cloud
mock are started, tested and stopped; with a URL only that protocol is tested):
  --base-url URL          Gizwits Enterprise REST API, e.g. http://enterpriseapi.gizwits.com
  --mqtt-url URL          MQTT broker the dock cloud answers on, e.g. mqtt://localhost:1883
  --gateway-sn SN         gateway serial number whose topics are used (needed with --mqtt-url)
  --enterprise-id ID      credentials of a live REST target; default from GIZWITS_ENTERPRISE_ID,
  --enterprise-secret S   GIZWITS_ENTERPRISE_SECRET, GIZWITS_PRODUCT_KEY, GIZWITS_PRODUCT_SECRET.
  --product-key KEY       Secrets are never printed: output shows them as \${GIZWITS_…}
  --product-secret S      shell variables (tokens as \${ACCESS_TOKEN}).
  --param NAME=VALUE      a known value (repeatable): uid and appid of a user for the bindings,
                          organization_id and device_binding_code for the dock binding flow,
                          expired_token (a token that has expired) for the ignored_auth check

Selection:
  --checks LIST           only these checks (comma-separated ids; see --list-checks)
  --exclude-checks LIST   all checks but these
  --operations GLOB       only operation ids, method names and model names matching
                          (comma-separated globs, e.g. 'get_*,airport_bind_status')
  --no-rest, --no-mqtt, --no-stateful   leave a part out
  --list-checks           print the checks and exit

Generation and pace:
  --max-examples N        valid and invalid samples per operation and method (default 100);
                          stateful models run N/5 sequences
  --seed N                reproduce a run exactly (default: random, printed)
  --workers N             operations and methods run at the same time (default 4)
  --rate-limit N/s        at most N REST requests per second (also N/min, N/h), to spare a live quota
  --timeout MS            REST request timeout (default 10000) and MQTT reply wait (default: the
                          spec's x-timeout-ms)
  --max-response-time MS  limit of the max_response_time check (default 2000)
  --timestamp-window S    how far an MQTT reply's timestamp may be from now (default 300 s)

Reports:
  --report junit=PATH     JUnit XML, one test case per target × check (repeatable)
  --report json=PATH      the whole run as JSON

Mutating operations run against the target: point a live run at a test account. What the run
creates (groups, bindings) is deleted at the end; devices it moved between groups stay moved.

Exit codes: 0 every check passed, 1 a check failed, 2 bad usage or unreachable target.

Examples:
  specgen contract
  specgen contract --seed 42 --max-examples 20 --report junit=reports/contract.xml
  specgen contract --base-url http://enterpriseapi.gizwits.com --rate-limit 1/s --no-mqtt`,
  options: {
    'base-url': { type: 'string' },
    'mqtt-url': { type: 'string' },
    'gateway-sn': { type: 'string' },
    'enterprise-id': { type: 'string' },
    'enterprise-secret': { type: 'string' },
    'product-key': { type: 'string' },
    'product-secret': { type: 'string' },
    param: { type: 'string', multiple: true },
    checks: { type: 'string' },
    'exclude-checks': { type: 'string' },
    operations: { type: 'string' },
    'max-examples': { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string' },
    'rate-limit': { type: 'string' },
    timeout: { type: 'string' },
    'max-response-time': { type: 'string' },
    'timestamp-window': { type: 'string' },
    report: { type: 'string', multiple: true },
    'no-rest': { type: 'boolean', default: false },
    'no-mqtt': { type: 'boolean', default: false },
    'no-stateful': { type: 'boolean', default: false },
    'list-checks': { type: 'boolean', default: false },
  },
  allowPositionals: false,
  async run({ values }, io) {
    // Loaded here: the contract runner imports the generated modules, which other verbs must not need.
    const [{ runContract }, { checks: registry, selectChecks, UnknownCheckError }, { TargetError }, { parseRate }, { randomSeed }, report, { summaryLines, failureLines }] =
      await Promise.all([
        import('../../../contract-tests/run/index.js'),
        import('../../../contract-tests/checks/registry.js'),
        import('../../../contract-tests/run/options.js'),
        import('../../../contract-tests/rest/throttle.js'),
        import('../../../contract-tests/util/seed.js'),
        import('../../../contract-tests/report/write.js'),
        import('../../../contract-tests/report/text.js'),
      ]);
    if (values['list-checks']) {
      const width = Math.max(...registry.map((c) => c.id.length));
      for (const c of registry) io.out(`${c.id.padEnd(width)}  ${c.appliesTo.padEnd(4)}  ${c.description}`);
      return EXIT_OK;
    }
    const list = (name: string) => (typeof values[name] === 'string' ? String(values[name]).split(',').map((s) => s.trim()).filter((s) => s !== '') : []);
    const checks = list('checks');
    const excludeChecks = list('exclude-checks');
    try {
      selectChecks(checks, excludeChecks);
    } catch (error) {
      if (error instanceof UnknownCheckError) throw new UsageError(error.message);
      throw error;
    }
    let reports;
    try {
      reports = report.parseReportFlags((values.report as string[] | undefined) ?? [], io.cwd);
    } catch (error) {
      if (error instanceof report.ReportFlagError) throw new UsageError(error.message);
      throw error;
    }
    const rateText = values['rate-limit'] as string | undefined;
    const rateLimit = rateText === undefined ? undefined : parseRate(rateText);
    if (rateText !== undefined && rateLimit === undefined) throw new UsageError(`--rate-limit takes N, N/s, N/min or N/h, got ${JSON.stringify(rateText)}`);
    const seed = values.seed === undefined ? randomSeed() : intOption(values, 'seed', 0);
    const timeout = values.timeout === undefined ? undefined : intOption(values, 'timeout', 0, 1);
    const options = {
      ...urls(values),
      credentials: credentials(values),
      params: params((values.param as string[] | undefined) ?? []),
      checks,
      excludeChecks,
      ...(typeof values.operations === 'string' ? { operations: values.operations } : {}),
      maxExamples: intOption(values, 'max-examples', 100, 1),
      seed,
      workers: intOption(values, 'workers', 4, 1),
      ...(rateLimit === undefined ? {} : { rateLimit }),
      ...(timeout === undefined ? {} : { timeoutMs: timeout }),
      maxResponseTimeMs: intOption(values, 'max-response-time', 2000, 1),
      timestampWindowMs: intOption(values, 'timestamp-window', 300, 1) * 1000,
      rest: !values['no-rest'],
      mqtt: !values['no-mqtt'],
      stateful: !values['no-stateful'],
      cwd: io.cwd,
      progress: (line: string) => io.err(line),
    };
    io.err(`specgen contract: seed ${seed} (repeat this run with --seed ${seed})`);
    let result;
    try {
      result = await runContract(options);
    } catch (error) {
      if (error instanceof TargetError || (error instanceof Error && error.name === 'SpecLoadError')) {
        io.err(`specgen contract: ${error.message}`);
        return EXIT_USAGE;
      }
      throw error;
    }
    for (const note of result.notes) io.err(`note: ${note}`);
    for (const line of summaryLines(result)) io.out(line);
    for (const line of failureLines(result)) io.out(line);
    await report.writeReports(result, reports);
    for (const r of reports) io.err(`wrote ${r.format} report ${r.path}`);
    return result.ok ? EXIT_OK : EXIT_FINDINGS;
  },
};

function urls(values: Record<string, unknown>): { baseUrl?: string; mqttUrl?: string; gatewaySn?: string } {
  const out: { baseUrl?: string; mqttUrl?: string; gatewaySn?: string } = {};
  for (const [flag, key, protocols] of [
    ['base-url', 'baseUrl', ['http:', 'https:']],
    ['mqtt-url', 'mqttUrl', ['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:']],
  ] as const) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new UsageError(`--${flag} must be a URL, got ${JSON.stringify(raw)}`);
    }
    if (!(protocols as readonly string[]).includes(url.protocol)) throw new UsageError(`--${flag} must use ${protocols.join(' or ')}, got ${url.protocol}`);
    out[key] = raw.replace(/\/+$/, '');
  }
  if (typeof values['gateway-sn'] === 'string') out.gatewaySn = values['gateway-sn'];
  return out;
}

function credentials(values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [flag, [name, env]] of Object.entries(CREDENTIAL_FLAGS)) {
    const value = typeof values[flag] === 'string' ? (values[flag] as string) : process.env[env];
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}

function params(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--param takes NAME=VALUE, got ${JSON.stringify(pair)}`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}
