import { describe, expect, it } from 'vitest';
import { attr, junitXml, text } from './junit.js';
import type { RunReport } from './model.js';

function report(): RunReport {
  return {
    tool: 'specgen contract',
    seed: 7,
    ok: false,
    durationMs: 1234,
    target: { embedded: true, restUrl: 'http://127.0.0.1:1' },
    settings: { maxExamples: 1, workers: 1, timeoutMs: 1000, maxResponseTimeMs: 2000 },
    checks: [],
    targets: [
      {
        kind: 'rest',
        id: 'get_<thing>',
        location: 'specs/a.yaml:3:4',
        pointer: '/paths/~1x/get',
        samples: { valid: 2, invalid: 0, unsendable: 0 },
        answers: {},
        checks: { not_a_server_error: { passed: 1, failed: 1, skipped: 0 }, ignored_auth: { passed: 0, failed: 0, skipped: 1 }, status_code_conformance: { passed: 2, failed: 0, skipped: 0 } },
        durationMs: 10,
      },
      { kind: 'mqtt', id: 'm', location: 'specs/b.yaml:1:1', pointer: '', samples: { valid: 0, invalid: 0, unsendable: 0 }, answers: {}, checks: {}, durationMs: 0, error: 'no arbitraries' },
    ],
    failures: [
      {
        check: 'not_a_server_error',
        kind: 'rest',
        target: 'get_<thing>',
        message: 'server error: HTTP 500 & "quotes" \u0001 <tag>',
        location: 'specs/a.yaml:3:4',
        pointer: '/paths/~1x/get',
        occurrences: 1,
        replay: { command: 'specgen contract --seed 7', seed: 7 },
      },
    ],
    totals: { passed: 3, failed: 1, skipped: 1 },
    notes: [],
  };
}

describe('junitXml', () => {
  it('has one test case per target × check, failures, skips and not-run targets', () => {
    const xml = junitXml(report());
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('<testsuites name="specgen contract" tests="4" failures="2" time="1.234">');
    expect(xml).toContain('<testsuite name="rest" tests="3" failures="1" errors="0" skipped="1"');
    expect(xml).toContain('name="ignored_auth" file="specs/a.yaml:3:4">\n      <skipped message="not applicable"/>');
    expect(xml).toContain('<failure message="not run: no arbitraries" type="not_run"/>');
    expect(xml).toContain('classname="rest.get_&lt;thing&gt;"');
  });

  it('escapes messages and drops characters XML cannot carry', () => {
    const xml = junitXml(report());
    expect(xml).toContain('message="server error: HTTP 500 &amp; &quot;quotes&quot; \uFFFD &lt;tag&gt;"');
    expect(xml).not.toMatch(/[\u0000-\u0008]/);
  });

  it('is well-formed: every opened element is closed', () => {
    const xml = junitXml(report());
    const stack: string[] = [];
    for (const match of xml.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      const [, closing, name, selfClosing] = match;
      if (selfClosing) continue;
      if (closing) expect(stack.pop()).toBe(name);
      else stack.push(name as string);
    }
    expect(stack).toEqual([]);
  });
});

describe('XML escaping', () => {
  it('escapes text and attributes', () => {
    expect(text('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(attr(`"'\n`)).toBe('&quot;&apos;&#10;');
    expect(text('\uD800x')).toBe('\uFFFDx');
  });
});
