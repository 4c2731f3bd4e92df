import { describe, expect, it } from 'vitest';
import { parseSourceText } from '../../generator/load/source.js';
import { detectSpec } from '../../generator/load/spec-version.js';

const detect = (text: string) => {
  const { detected, diagnostics } = detectSpec(parseSourceText('/virtual/spec.yaml', text));
  return { detected, found: diagnostics.map((d) => [d.code, d.line, d.col, d.pointer]) };
};

describe('detectSpec', () => {
  it.each([
    ['openapi: 3.1.0', 'openapi', '3.1.0'],
    ['openapi: 3.0.3', 'openapi', '3.0.3'],
    ['openapi: 3.1.1-rc1', 'openapi', '3.1.1-rc1'],
    ['asyncapi: 3.0.0', 'asyncapi', '3.0.0'],
    ['asyncapi: 3.1.0', 'asyncapi', '3.1.0'],
  ])('%s is %s %s', (text, kind, version) => {
    expect(detect(`${text}\ninfo: {}\n`)).toEqual({ detected: { kind, version }, found: [] });
  });

  it.each([
    ['openapi: 3.2.0', 'spec-version-unsupported', '/openapi'],
    ['asyncapi: 2.6.0', 'spec-version-unsupported', '/asyncapi'],
    ['swagger: "2.0"', 'spec-version-unsupported', '/swagger'],
    ['openapi: 4.0.0', 'spec-version-unknown', '/openapi'],
    ['asyncapi: 9.9.9', 'spec-version-unknown', '/asyncapi'],
    ['openapi: 3.1', 'spec-version-unknown', '/openapi'],
  ])('%s: %s at the version', (text, code, pointer) => {
    const line = `# a comment first\n${text}\n`;
    expect(detect(line).found).toEqual([[code, 2, text.indexOf(':') + 3, pointer]]);
  });

  it('says to quote a version YAML read as a number', () => {
    const { diagnostics } = detectSpec(parseSourceText('/virtual/spec.yaml', 'openapi: 3.1\n'));
    expect(diagnostics[0]!.message).toContain('quote it');
  });

  it.each([
    ['no version field', 'info: {title: x}\n'],
    ['both fields', 'openapi: 3.1.0\nasyncapi: 3.0.0\n'],
    ['a list', '- openapi: 3.1.0\n'],
    ['an empty file', ''],
  ])('%s: spec-version-unknown at 1:1', (_, text) => {
    expect(detect(`# comment\n${text}`).found).toEqual([['spec-version-unknown', 1, 1, '']]);
  });
});
