/**
 * Markdown escaping: the only way spec text reaches generated Markdown (CommonMark + GitHub's
 * extensions: tables, strikethrough, autolinks, math). Every helper returns text that renders as
 * the literal input and cannot open a block, a link, emphasis, raw HTML or a table cell of its own.
 */

/** Characters with inline meaning, escaped with a backslash (all are ASCII punctuation, so `\x` renders `x`). */
const INLINE_SPECIAL = /[\\`*_[\]|~#$]/g;

/** Control characters other than tab and newline: dropped (CommonMark would render some as U+FFFD). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** A raw line starts a list item, a heading or a quote: it keeps a line of its own when rendered. */
const BLOCK_START = /^(?:[-+*]\s|\d{1,9}[.)]\s|#{1,6}\s|>)/;

/** Line breaks in every spelling, as `\n`. */
function normalizeLines(text: string): string {
  return text.replace(/\r\n?|\u2028|\u2029/g, '\n').replace(CONTROL, '');
}

/** HTML-significant characters as entities: no raw HTML, no entity of the input decoded. */
function entities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes one line's characters; the line must not contain `\n`. */
function escapeChars(text: string): string {
  return entities(text.replace(INLINE_SPECIAL, (c) => `\\${c}`));
}

/**
 * A line that would start a block (list item, thematic break, setext underline) gets its marker
 * escaped. Headings (`#`), quotes (`>`), code fences and HTML are already neutral after `escapeChars`.
 */
function escapeLineStart(escaped: string): string {
  return escaped.replace(/^([-+=])(?=[\s\-+=]|$)/, '\\$1').replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

/** Splits text into plain runs and CommonMark code spans (a backtick run closed by a run of the same length). */
function segments(text: string): { code: boolean; text: string }[] {
  if (!text.includes('`')) return text === '' ? [] : [{ code: false, text }];
  const parts: { code: boolean; text: string }[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '`') {
      plain += text[i];
      i++;
      continue;
    }
    let run = 1;
    while (text[i + run] === '`') run++;
    const close = findRun(text, i + run, run);
    if (close < 0) {
      plain += text.slice(i, i + run);
      i += run;
      continue;
    }
    if (plain !== '') parts.push({ code: false, text: plain });
    plain = '';
    parts.push({ code: true, text: stripCodePadding(text.slice(i + run, close).replace(/\n/g, ' ')) });
    i = close + run;
  }
  if (plain !== '') parts.push({ code: false, text: plain });
  return parts;
}

/** Index of the next backtick run of exactly `length` at or after `from`, or -1. */
function findRun(text: string, from: number, length: number): number {
  for (let i = from; i < text.length; ) {
    if (text[i] !== '`') {
      i++;
      continue;
    }
    let run = 1;
    while (text[i + run] === '`') run++;
    if (run === length) return i;
    i += run;
  }
  return -1;
}

/** CommonMark strips one space from each side of a code span that has both and is not all spaces. */
function stripCodePadding(content: string): string {
  return content.length >= 2 && content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '' ? content.slice(1, -1) : content;
}

/**
 * A code span showing `text` exactly (newlines become spaces, as CommonMark renders them): the
 * backtick fence is longer than any backtick run inside, padded with a space where the content
 * starts or ends with a backtick or with spaces on both sides.
 */
export function codeSpan(text: string): string {
  const content = normalizeLines(text).replace(/\n/g, ' ');
  if (content === '') return '` `'; // a code span cannot be empty: one space is the closest
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^`|`$/.test(content) || (content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * Inline text on one line (headings, list items, sentences): every special character escaped,
 * newlines as spaces, and a leading list or break marker escaped (the text may start a line).
 * With `keepCode`, code spans written in the text (`` `like this` ``) stay code spans.
 */
export function inlineText(text: string, options: { keepCode?: boolean } = {}): string {
  const line = normalizeLines(text).replace(/\s*\n\s*/g, ' ').trim();
  return escapeLineStart(options.keepCode ? segments(line).map((s) => (s.code ? codeSpan(s.text) : escapeChars(s.text))).join('') : escapeChars(line));
}

/**
 * A table cell: inline text with `|` escaped (GitHub splits cells before anything else). Lines of
 * a paragraph flow together; paragraphs, and lines that started a list item, heading or quote,
 * are separated by `<br>`. With `keepCode`, code spans written in the text become `<code>` (a
 * backtick span cannot hold `\|`).
 */
export function tableCell(text: string, options: { keepCode?: boolean } = {}): string {
  const escape = (line: string): string =>
    options.keepCode ? segments(line).map((s) => (s.code ? cellCode(s.text) : escapeChars(s.text))).join('') : escapeChars(line);
  return paragraphs(text)
    .map((lines) => lines.map((line, i) => (i > 0 && BLOCK_START.test(line) ? '<br>' : i > 0 ? ' ' : '') + escape(line)).join(''))
    .join('<br><br>');
}

/** Paragraphs (split at blank lines) as their non-empty, trimmed lines. */
function paragraphs(text: string): string[][] {
  return normalizeLines(text)
    .split(/\n[ \t]*\n/)
    .map((p) => p.split('\n').map((line) => line.trim()).filter((line) => line !== ''))
    .filter((lines) => lines.length > 0);
}

/**
 * Code in a table cell: `<code>` around escaped text, so pipes, backticks and backslashes all
 * survive GitHub's cell splitting. Newlines render as spaces (and, as in any HTML, runs of spaces as one).
 */
export function cellCode(text: string): string {
  const content = escapeChars(normalizeLines(text).replace(/\n/g, ' '));
  return `<code>${content === '' ? '&nbsp;' : content}</code>`;
}

/**
 * Multi-line text (descriptions) as paragraphs. Blank lines separate paragraphs; lines within
 * one flow together except those that started a list item, heading or quote in the source, which
 * start a new line (a hard break) with their marker escaped. Code spans written in the text stay
 * code spans; nothing else has Markdown meaning.
 */
export function textBlock(text: string): string {
  return paragraphs(text)
    .map((lines) => {
      const out: string[] = [];
      for (const line of lines) {
        const escaped = inlineText(line, { keepCode: true });
        if (out.length > 0 && BLOCK_START.test(line)) out[out.length - 1] += '\\';
        out.push(escaped);
      }
      return out.join('\n');
    })
    .join('\n\n');
}

/**
 * A fenced code block around `content`: the fence is longer than any backtick run in it, so no
 * line of the content can close it. `info` (the language) keeps only `[A-Za-z0-9_+-]`.
 */
export function fencedBlock(content: string, info = ''): string {
  const body = normalizeLines(content).replace(/\n$/, '');
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info.replace(/[^A-Za-z0-9_+-]/g, '')}\n${body}\n${fence}`;
}

/** An HTML id / link fragment from any text: lowercase `[a-z0-9-]`, never empty. */
export function anchorId(text: string): string {
  const id = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id === '' ? 'section' : id;
}
