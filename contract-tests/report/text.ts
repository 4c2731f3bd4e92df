/** The run's report for people: a table of checks × targets, then every failure with its replay. */
import type { FailureRecord, RecordedExchange, RunReport, TargetKind, TargetResult } from './model.js';

const KIND_TITLES: Record<TargetKind, string> = { rest: 'REST operations', mqtt: 'MQTT methods', stateful: 'Stateful models' };

export function summaryLines(report: RunReport): string[] {
  const lines: string[] = [];
  for (const kind of ['rest', 'mqtt', 'stateful'] as const) {
    const targets = report.targets.filter((t) => t.kind === kind);
    if (targets.length > 0) lines.push(...table(KIND_TITLES[kind], targets, report.checks.map((c) => c.id)), '');
  }
  const { passed, failed, skipped } = report.totals;
  const failing = report.targets.filter((t) => t.error !== undefined || Object.values(t.checks).some((c) => c.failed > 0)).length;
  lines.push(
    `${report.ok ? 'PASSED' : 'FAILED'}: ${report.targets.length - failing} of ${report.targets.length} target(s) clean; ` +
      `${passed} check(s) passed, ${failed} failed, ${skipped} not applicable; seed ${report.seed}; ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  return lines;
}

/** Columns in registry order, so they do not move between runs. */
function table(title: string, targets: readonly TargetResult[], registryOrder: readonly string[]): string[] {
  const present = new Set(targets.flatMap((t) => Object.keys(t.checks)));
  const ordered = registryOrder.filter((id) => present.has(id));
  const legend = ordered.map((id, i) => `${i + 1} ${id}`);
  const cells = targets.map((t) => ordered.map((id) => cell(t, id)));
  const width = ordered.map((_, i) => Math.max(String(i + 1).length, ...cells.map((row) => (row[i] ?? '').length)));
  const nameWidth = Math.max(6, ...targets.map((t) => t.id.length));
  const row = (name: string, values: string[]) => [name.padEnd(nameWidth), ...values.map((v, i) => v.padStart(width[i] ?? 1))].join('  ').trimEnd();
  return [
    `${title} (cells: checks passed, or N✗ failed; – not applicable)`,
    `  ${legend.join('   ')}`,
    row('', ordered.map((_, i) => String(i + 1))),
    ...targets.map((t, i) => (t.error !== undefined ? `${t.id.padEnd(nameWidth)}  not run: ${t.error}` : row(t.id, cells[i] ?? []))),
  ];
}

function cell(target: TargetResult, check: string): string {
  const tally = target.checks[check];
  if (!tally) return '–';
  if (tally.failed > 0) return `${tally.failed}✗`;
  return tally.passed > 0 ? String(tally.passed) : '–';
}

export function failureLines(report: RunReport): string[] {
  const lines: string[] = [];
  for (const failure of report.failures) lines.push('', ...failureBlock(failure, report));
  return lines;
}

function failureBlock(f: FailureRecord, report: RunReport): string[] {
  const times = f.occurrences > 1 ? ` (${f.occurrences} times; the first shown)` : '';
  const lines = [`✗ ${f.check} — ${f.kind} ${f.target}${times}`, `  at ${f.location} (#${f.pointer})`];
  if (f.response) lines.push(`  response ${f.response.status} documented at ${f.response.location} (#${f.response.pointer})`);
  lines.push(...indent(f.message, '  '));
  if (f.sample) {
    const what = f.sample.violation ? `: ${f.sample.violation.description} [${f.sample.violation.keyword} at #${f.sample.violation.schemaPointer}]` : '';
    lines.push(`  sample: ${f.sample.kind} #${f.sample.index}${what}`);
  }
  if (f.http) lines.push(...exchangeLines(f.http, '  '));
  for (const e of f.evidence ?? []) lines.push('  then:', ...exchangeLines(e, '    '));
  if (f.mqtt) {
    lines.push(`  request on ${f.mqtt.topic}: ${json(f.mqtt.payload)}`);
    lines.push(f.mqtt.reply ? `  reply on ${f.mqtt.reply.topic}: ${json(f.mqtt.reply.payload)}` : `  no reply on ${f.mqtt.replyTopic}`);
    for (const miss of f.mqtt.nearMisses) lines.push(`  uncorrelated reply on ${miss.topic}: ${json(miss.payload)}`);
  }
  lines.push(`  replay: ${f.replay.command}`);
  if (f.http) lines.push(`          ${f.http.curl}`);
  if (f.mqtt && report.target.mqttUrl) {
    lines.push(`          mosquitto_pub -L '${report.target.mqttUrl}/${f.mqtt.topic}' -m '${json(f.mqtt.payload).replace(/'/g, `'\\''`)}'`);
  }
  if (f.replay.fastCheck) {
    const fc = f.replay.fastCheck;
    lines.push(`  sequence: ${fc.counterexample}`);
    lines.push(`  fast-check replay: { seed: ${fc.seed}, path: ${JSON.stringify(fc.path)}, endOnFailure: true }${fc.replayPath ? `, commands replayPath ${JSON.stringify(fc.replayPath)}` : ''}`);
  }
  return lines;
}

function exchangeLines(e: RecordedExchange, pad: string): string[] {
  const lines = [`${pad}request: ${e.request.method} ${e.request.url}${e.request.body === undefined ? '' : ` ${json(e.request.body)}`}`];
  if (e.response) lines.push(`${pad}response: HTTP ${e.response.status} in ${e.elapsedMs} ms ${e.response.body === undefined ? '(no body)' : json(e.response.body)}`);
  else lines.push(`${pad}response: none (${e.error ?? 'failed'})`);
  return lines;
}

function json(value: unknown, max = 400): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function indent(text: string, pad: string): string[] {
  return text.split('\n').map((line) => pad + line);
}
