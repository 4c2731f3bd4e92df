import { describe, expect, it } from 'vitest';
import { curlCommand, shellWord } from './curl.js';
import { Redactor } from './redact.js';

describe('Redactor', () => {
  it('replaces every occurrence of a secret with its variable, longest secret first', () => {
    const r = new Redactor();
    r.add('s3cr3t', 'SECRET');
    r.add('s3cr3t-and-more', 'LONGER');
    expect(r.text('a s3cr3t b s3cr3t-and-more c')).toBe('a ${SECRET} b ${LONGER} c');
  });

  it('leaves short values alone (they would garble unrelated text)', () => {
    const r = new Redactor();
    r.add('ab', 'X');
    expect(r.text('abc')).toBe('abc');
    expect(r.size).toBe(0);
  });

  it('redacts inside nested values', () => {
    const r = new Redactor();
    r.add('tok-123456', 'ACCESS_TOKEN');
    expect(r.value({ headers: { authorization: 'token tok-123456' }, list: ['tok-123456'] })).toEqual({
      headers: { authorization: 'token ${ACCESS_TOKEN}' },
      list: ['${ACCESS_TOKEN}'],
    });
  });
});

describe('curlCommand', () => {
  it('masks secrets as shell variables in double quotes and keeps everything else single-quoted', () => {
    const r = new Redactor();
    r.add('tok-123456', 'ACCESS_TOKEN');
    const line = curlCommand({ method: 'post', url: 'http://h/v1/x?q=a b', headers: { authorization: 'token tok-123456', 'content-type': 'application/json' }, body: { it: "'s" } }, r);
    expect(line).not.toContain('tok-123456');
    expect(line).toContain('-H "authorization: token ${ACCESS_TOKEN}"');
    expect(line).toContain(`--data-raw '{"it":"'\\''s"}'`);
    expect(line).toContain("'http://h/v1/x?q=a b'");
    expect(line.startsWith('curl -sS -i -X POST')).toBe(true);
  });

  it('escapes shell metacharacters next to a secret', () => {
    const r = new Redactor();
    r.add('secret99', 'S');
    expect(shellWord('a"$`\\secret99', r)).toBe('"a\\"\\$\\`\\\\${S}"');
  });
});
