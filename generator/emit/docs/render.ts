import { readFileSync, readdirSync } from 'node:fs';
import Handlebars from 'handlebars';
import { anchorId, cellCode, codeSpan, fencedBlock, inlineText, tableCell, textBlock } from '../shared/markdown.js';
import type { ReadmeView } from './view.js';

/**
 * Renders the reference page from its view with the Handlebars templates in `templates/`.
 *
 * Templates never print a value as it is: every `{{…}}` calls one of the Markdown helpers below,
 * which escape for their context (inline text, table cell, code span, fenced block). A plain
 * `{{value}}` would only be HTML-escaped, so a test rejects any mustache that is not one of them.
 * Templates run strict: a field the view lacks is an error, not an empty string.
 */

const templatesDir = new URL('./templates/', import.meta.url);

type Value = unknown;

/** A link fragment: the view's anchors are already `[a-z0-9-]`; anything else is made so. */
function fragment(anchor: Value): string {
  return anchorId(String(anchor));
}

function str(value: Value): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Helpers that print (each returns escaped Markdown), by name. */
export const PRINTING_HELPERS = {
  text: (value: Value) => inlineText(str(value), { keepCode: true }),
  block: (value: Value) => textBlock(str(value)),
  cell: (value: Value) => tableCell(str(value), { keepCode: true }),
  code: (value: Value) => codeSpan(str(value)),
  cellCode: (value: Value) => cellCode(str(value)),
  fence: (value: Value, info: Value) => fencedBlock(str(value), str(info)),
  anchor: (id: Value) => `<a id="${fragment(id)}"></a>`,
  link: (label: Value, anchor: Value) => `[${inlineText(str(label), { keepCode: true })}](#${fragment(anchor)})`,
  codeLink: (label: Value, anchor: Value) => `[${codeSpan(str(label))}](#${fragment(anchor)})`,
  typeRef: (type: Value, anchor: Value) => (anchor ? `[${codeSpan(str(type))}](#${fragment(anchor)})` : codeSpan(str(type))),
  cellTypeRef: (type: Value, anchor: Value) => (anchor ? `[${cellCode(str(type))}](#${fragment(anchor)})` : cellCode(str(type))),
} as const;

/** Helpers that only compute a raw value for another helper (used as subexpressions). */
export const VALUE_HELPERS = {
  join: (...args: Value[]) => args.slice(0, -1).map(str).join(' '),
} as const;

/** The template files: `readme.hbs` and the partials it uses, by name (file name without `.hbs`). */
export function templateSources(): Map<string, string> {
  const names = readdirSync(templatesDir)
    .filter((n) => n.endsWith('.hbs'))
    .sort();
  return new Map(names.map((n) => [n.slice(0, -'.hbs'.length), readFileSync(new URL(n, templatesDir), 'utf8')]));
}

let compiled: Handlebars.TemplateDelegate<ReadmeView> | undefined;

/** Compiles the templates once per process, in an environment of their own. */
function readmeTemplate(): Handlebars.TemplateDelegate<ReadmeView> {
  if (compiled) return compiled;
  const env = Handlebars.create();
  for (const [name, helper] of Object.entries(PRINTING_HELPERS)) {
    env.registerHelper(name, (...args: Value[]) => new env.SafeString((helper as (...a: Value[]) => string)(...args.slice(0, -1))));
  }
  for (const [name, helper] of Object.entries(VALUE_HELPERS)) env.registerHelper(name, helper);
  const options = { strict: true, noEscape: false, preventIndent: true };
  const sources = templateSources();
  for (const [name, source] of sources) if (name !== 'readme') env.registerPartial(name, env.compile(source, options));
  const main = sources.get('readme');
  if (main === undefined) throw new Error('generator/emit/docs/templates/readme.hbs is missing');
  compiled = env.compile<ReadmeView>(main, options);
  return compiled;
}

/**
 * The page's Markdown. Runs of blank lines left by optional sections collapse to one; that is
 * safe inside fenced blocks too, since their content (JSON from `JSON.stringify`, the usage
 * snippet) never holds two newlines in a row.
 */
export function renderReadme(view: ReadmeView): string {
  return readmeTemplate()(view).replace(/\n{3,}/g, '\n\n').replace(/\s*$/, '\n');
}
