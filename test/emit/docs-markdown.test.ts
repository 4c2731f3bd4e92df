import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchorId, cellCode, codeSpan, fencedBlock, inlineText, tableCell, textBlock } from '../../generator/emit/shared/markdown.js';

/** Reads escaped inline Markdown back: backslash escapes and the three entities the helpers write. */
function decode(markdown: string): string {
  return markdown.replace(/\\([\s\S])|&(lt|gt|amp);/g, (_, escaped: string | undefined, entity: string | undefined) =>
    escaped !== undefined ? escaped : entity === 'lt' ? '<' : entity === 'gt' ? '>' : '&',
  );
}

/** GitHub's table row splitter: a backslash protects the next character; other pipes end a cell. */
function splitCells(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\' && i + 1 < row.length) {
      cell += row.slice(i, i + 2);
      i++;
    } else if (row[i] === '|') {
      cells.push(cell);
      cell = '';
    } else cell += row[i];
  }
  return [...cells, cell];
}

/** Characters that are not escaped by a backslash in `markdown`. */
function unescaped(markdown: string): string {
  return markdown.replace(/\\[\s\S]/g, '');
}

/** Spec text as an attacker would write it: Markdown and HTML punctuation, line breaks, unicode. */
const hostileText = fc.string({
  unit: fc.constantFrom(...'ab `*_[]()|<>&\\#-+=1.)~$!:\n\r\t'.split(''), '```', 'ü', '\u2028', '\u0000', '<script>', '&lt;'),
  maxLength: 40,
});

/** What the helpers promise to keep: the text with control characters dropped and line breaks unified. */
function normalized(text: string): string {
  return text.replace(/\r\n?|\u2028|\u2029/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

const SPECIAL = /[`*_[\]|~#$<>]/;

describe('markdown escaping', () => {
  it('escapes pipes, backticks, emphasis, links and HTML in inline text', () => {
    expect(inlineText('a | b')).toBe('a \\| b');
    expect(inlineText('*bold* _it_ [x](http://e) `c`')).toBe('\\*bold\\* \\_it\\_ \\[x\\](http://e) \\`c\\`');
    expect(inlineText('<script>alert(1)</script> & &amp;')).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &amp;amp;');
    expect(inlineText('two\nlines')).toBe('two lines');
    expect(inlineText('1. not a list')).toBe('1\\. not a list');
    expect(inlineText('- not an item')).toBe('\\- not an item');
    expect(inlineText('1.0.0')).toBe('1.0.0');
    expect(inlineText('# not a heading')).toBe('\\# not a heading');
  });

  it('keeps code spans written in the text as code spans when asked, escaping the rest', () => {
    expect(inlineText('send `Authorization: token <t>` *now*', { keepCode: true })).toBe('send `Authorization: token <t>` \\*now\\*');
    expect(inlineText('unclosed `tick', { keepCode: true })).toBe('unclosed \\`tick');
    expect(inlineText('``a`b``', { keepCode: true })).toBe('``a`b``');
  });

  it('keeps a table cell one cell: pipes escaped, newlines as <br>, code as <code>', () => {
    expect(tableCell('a|b')).toBe('a\\|b');
    expect(tableCell('one\ntwo')).toBe('one two');
    expect(tableCell('one\n\ntwo')).toBe('one<br><br>two');
    expect(tableCell('list:\n- a\n- b')).toBe('list:<br>- a<br>- b');
    expect(tableCell('use `a|b` here', { keepCode: true })).toBe('use <code>a\\|b</code> here');
    expect(cellCode('x\\|y')).toBe('<code>x\\\\\\|y</code>');
    expect(splitCells(`| ${cellCode('x\\|y')} | ${tableCell('p|q\\|r')} |`)).toHaveLength(4);
  });

  it('makes code spans longer than any backtick run inside, padded where needed', () => {
    expect(codeSpan('plain')).toBe('`plain`');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeSpan('a ``` b')).toBe('````a ``` b````');
    expect(codeSpan(' padded ')).toBe('`  padded  `');
    expect(codeSpan('')).toBe('` `');
  });

  it('uses a fence longer than any backtick run in a fenced block', () => {
    expect(fencedBlock('{"a": 1}', 'json')).toBe('```json\n{"a": 1}\n```');
    const hostile = fencedBlock('"```"\n```\n````', 'json');
    expect(hostile.split('\n')[0]).toBe('`````json');
    expect(hostile.split('\n').at(-1)).toBe('`````');
    expect(fencedBlock('x', 'ts"><script>')).toBe('```tsscript\nx\n```');
  });

  it('turns descriptions into paragraphs that cannot start a list, heading, quote, fence or HTML block', () => {
    const text = '## Heading\nline one\n- item\n1. numbered\n> quote\n\n```\ncode\n```\n<div>html</div>\n===\n    indented';
    expect(textBlock(text)).toBe(
      [
        '\\#\\# Heading',
        'line one\\',
        '\\- item\\',
        '1\\. numbered\\',
        '&gt; quote',
        '',
        '\\`\\`\\`',
        'code',
        '\\`\\`\\`',
        '&lt;div&gt;html&lt;/div&gt;',
        '\\===',
        'indented',
      ].join('\n'),
    );
  });

  it('anchors are [a-z0-9-] and never empty', () => {
    expect(anchorId('GET /v1/ünï {x}')).toBe('get-v1-uni-x');
    expect(anchorId('***')).toBe('section');
  });

  it('inline text and table cells read back as the input, with no unescaped special character (property)', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const inline = inlineText(text);
        expect(inline).not.toMatch(/\n/);
        expect(unescaped(inline)).not.toMatch(SPECIAL);
        expect(decode(inline)).toBe(normalized(text).replace(/\s*\n\s*/g, ' ').trim());

        const cell = tableCell(text);
        expect(cell).not.toMatch(/\n/);
        expect(splitCells(cell)).toHaveLength(1);
        expect(unescaped(cell.replace(/<br>/g, ''))).not.toMatch(SPECIAL);

        const code = cellCode(text);
        const shown = normalized(text).replace(/\n/g, ' ');
        expect(splitCells(code)).toHaveLength(1);
        expect(code).toMatch(/^<code>.*<\/code>$/);
        if (shown === '') expect(code).toBe('<code>&nbsp;</code>');
        else expect(decode(code.slice('<code>'.length, -'</code>'.length))).toBe(shown);
      }),
      { numRuns: 500 },
    );
  });

  it('code spans read back as the input under CommonMark rules (property)', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const span = codeSpan(text);
        const open = /^`+/.exec(span)![0];
        expect(span.endsWith(open)).toBe(true);
        let content = span.slice(open.length, span.length - open.length);
        // No backtick run inside may have the fence's length, or it would close the span early.
        expect([...content.matchAll(/`+/g)].every((m) => m[0].length !== open.length)).toBe(true);
        if (content.length >= 2 && content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') content = content.slice(1, -1);
        const expected = normalized(text).replace(/\n/g, ' ');
        expect(content).toBe(expected === '' ? ' ' : expected);
      }),
      { numRuns: 500 },
    );
  });

  it('no line of a fenced block closes it early, and the content is kept (property)', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const lines = fencedBlock(text, 'json').split('\n');
        const fence = /^`+/.exec(lines[0]!)![0];
        const body = lines.slice(1, -1);
        expect(lines.at(-1)).toBe(fence);
        expect(body.some((line) => new RegExp(`^ {0,3}\`{${fence.length},}\\s*$`).test(line))).toBe(false);
        expect(body.join('\n')).toBe(normalized(text).replace(/\n$/, ''));
      }),
      { numRuns: 500 },
    );
  });

  it('no line of a text block starts a block of its own (property)', () => {
    const blockStart = /^(?: {0,3}(?:[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|#{1,6}(?:\s|$)|>|`{3,}|~{3,}|<|=+\s*$|-+\s*$|_+\s*$|\|)| {4,}|\t)/;
    fc.assert(
      fc.property(hostileText, (text) => {
        const block = textBlock(text);
        for (const line of block.split('\n')) expect(line).not.toMatch(blockStart);
        // Code spans written in the text stay code spans; everything else is escaped.
        if (!text.includes('`')) expect(unescaped(block.replace(/\\\n/g, '\n'))).not.toMatch(/[*_[\]|~#$<>]/);
      }),
      { numRuns: 500 },
    );
  });
});
