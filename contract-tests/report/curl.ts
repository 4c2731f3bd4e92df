/** A `curl` command line replaying one HTTP request, with secrets as shell variables. */
import type { RecordedHttpRequest } from './model.js';
import type { Redactor } from './redact.js';

export function curlCommand(request: RecordedHttpRequest, redactor: Redactor): string {
  const args = ['curl', '-sS', '-i', '-X', request.method.toUpperCase()];
  for (const [name, value] of Object.entries(request.headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    args.push('-H', shellWord(`${name}: ${value}`, redactor));
  }
  if (request.body !== undefined) args.push('--data-raw', shellWord(JSON.stringify(request.body), redactor));
  args.push(shellWord(request.url, redactor));
  return args.join(' ');
}

/**
 * One shell word. Text without secrets is single-quoted; text with secrets is double-quoted
 * with `\`, `"`, `$` and backquotes escaped, and the secrets written as `${VARIABLE}`.
 */
export function shellWord(text: string, redactor: Redactor): string {
  const parts = redactor.split(text);
  if (parts.length === 1) return /^[A-Za-z0-9_\-./:=@%+,]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
  const inner = parts.map((part, i) => (i % 2 === 1 ? `\${${part}}` : part.replace(/[\\"$`]/g, (c) => `\\${c}`))).join('');
  return `"${inner}"`;
}
