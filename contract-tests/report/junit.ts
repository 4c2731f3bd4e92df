/**
 * JUnit XML: one test suite per kind of target (rest, mqtt, stateful), one test case per
 * target × check. A case fails when the check failed at least once; it is skipped when the check
 * never applied.
 */
import type { FailureRecord, RunReport, TargetKind } from './model.js';

export function junitXml(report: RunReport): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const { passed, failed, skipped } = report.totals;
  const cases = report.targets.reduce((n, t) => n + Object.keys(t.checks).length + (t.error === undefined ? 0 : 1), 0);
  const failedCases = report.targets.reduce((n, t) => n + Object.values(t.checks).filter((c) => c.failed > 0).length + (t.error === undefined ? 0 : 1), 0);
  lines.push(
    `<testsuites name="specgen contract" tests="${cases}" failures="${failedCases}" time="${seconds(report.durationMs)}">`,
    `  <!-- seed ${report.seed}; checks passed ${passed}, failed ${failed}, not applicable ${skipped} -->`,
  );
  for (const kind of ['rest', 'mqtt', 'stateful'] as const satisfies readonly TargetKind[]) {
    const targets = report.targets.filter((t) => t.kind === kind);
    if (targets.length === 0) continue;
    const suiteCases = targets.flatMap((t) => [
      ...(t.error === undefined ? [] : [{ target: t, check: 'run', tally: undefined }]),
      ...Object.entries(t.checks).map(([check, tally]) => ({ target: t, check, tally })),
    ]);
    const suiteFailures = suiteCases.filter((c) => c.tally === undefined || c.tally.failed > 0).length;
    const suiteSkipped = suiteCases.filter((c) => c.tally !== undefined && c.tally.failed === 0 && c.tally.passed === 0).length;
    const time = targets.reduce((ms, t) => ms + t.durationMs, 0);
    lines.push(`  <testsuite name="${attr(kind)}" tests="${suiteCases.length}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}" time="${seconds(time)}">`);
    lines.push(`    <properties><property name="seed" value="${report.seed}"/></properties>`);
    for (const { target, check, tally } of suiteCases) {
      const open = `    <testcase classname="${attr(`${kind}.${target.id}`)}" name="${attr(check)}" file="${attr(target.location)}"`;
      if (tally === undefined) {
        lines.push(`${open}>`, `      <failure message="${attr(`not run: ${target.error ?? ''}`)}" type="not_run"/>`, '    </testcase>');
      } else if (tally.failed > 0) {
        const failure = report.failures.find((f) => f.kind === kind && f.target === target.id && f.check === check);
        lines.push(
          `${open}>`,
          `      <failure message="${attr(failure?.message ?? `${check} failed`)}" type="${attr(check)}">${text(failureText(failure, tally.failed, tally.passed))}</failure>`,
          '    </testcase>',
        );
      } else if (tally.passed === 0) {
        lines.push(`${open}>`, '      <skipped message="not applicable"/>', '    </testcase>');
      } else {
        lines.push(`${open}/>`);
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

function failureText(f: FailureRecord | undefined, failed: number, passed: number): string {
  const lines = [`${failed} failed, ${passed} passed`];
  if (!f) return lines.join('\n');
  lines.push(`at ${f.location} (#${f.pointer})`);
  if (f.response) lines.push(`response ${f.response.status} documented at ${f.response.location} (#${f.response.pointer})`);
  lines.push(f.message);
  if (f.http) lines.push(`request: ${f.http.request.method} ${f.http.request.url}`, `response: ${f.http.response ? `HTTP ${f.http.response.status} ${JSON.stringify(f.http.response.body) ?? ''}` : (f.http.error ?? 'none')}`);
  if (f.mqtt) lines.push(`request on ${f.mqtt.topic}: ${JSON.stringify(f.mqtt.payload)}`, f.mqtt.reply ? `reply: ${JSON.stringify(f.mqtt.reply.payload)}` : 'no reply');
  lines.push(`replay: ${f.replay.command}`);
  if (f.http) lines.push(f.http.curl);
  if (f.replay.fastCheck) lines.push(`sequence: ${f.replay.fastCheck.counterexample}`, `fast-check: seed ${f.replay.fastCheck.seed}, path ${f.replay.fastCheck.path}`);
  return lines.join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF). */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function text(value: string): string {
  return value.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
