import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { docsEmitter } from '../../generator/emit/docs/index.js';
import { PRINTING_HELPERS, VALUE_HELPERS, templateSources } from '../../generator/emit/docs/render.js';
import { emitters } from '../../generator/emit/registry.js';
import { planMqtt } from '../../generator/emit/mqtt-client/plan.js';
import { restNames } from '../../generator/emit/rest-client/rest-names.js';
import { specNames } from '../../generator/emit/shared/spec-names.js';
import { generateSpec } from '../../generator/generate/generate.js';
import type { IrSpec } from '../../generator/ir/types.js';
import { typecheckFiles } from '../helpers/typecheck.js';
import { fixtureDir, irOf, repoRoot, specDir } from './fixtures.js';

const SPECS = {
  gizwits: `${specDir}/gizwits-enterprise.openapi.yaml`,
  dji: `${specDir}/dji-dock-organization.asyncapi.yaml`,
};
const HOSTILE = {
  markdown: `${fixtureDir}/docs/markdown-hostile.openapi.yaml`,
  openapi: `${fixtureDir}/hostile.openapi.yaml`,
  mqtt: `${repoRoot}/test/mqtt/fixtures/hostile-mqtt.asyncapi.yaml`,
};

function readme(ir: IrSpec): string {
  const files = docsEmitter.emit(ir);
  expect(files.map((f) => f.path)).toEqual(['README.md']);
  const [file] = files;
  if (file?.kind !== 'text') throw new Error('README.md must be a text file');
  return file.text;
}

/** GitHub's table row splitter: a backslash protects the next character. */
function cellCount(row: string): number {
  let cells = 1;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\') i++;
    else if (row[i] === '|') cells++;
  }
  return cells;
}

/** The page split into Markdown outside fenced blocks and the fenced blocks' bodies; fails on an unclosed fence. */
function structure(markdown: string): { prose: string[]; fences: string[] } {
  const prose: string[] = [];
  const fences: string[] = [];
  let fence: string | undefined;
  let body: string[] = [];
  for (const line of markdown.split('\n')) {
    if (fence === undefined) {
      const open = /^(`{3,})[A-Za-z0-9_+-]*$/.exec(line);
      if (open) {
        fence = open[1];
        body = [];
      } else prose.push(line);
    } else if (line === fence) {
      fences.push(body.join('\n'));
      fence = undefined;
    } else body.push(line);
  }
  expect(fence, 'every fenced block is closed').toBeUndefined();
  return { prose, fences };
}

/** Markdown without its code spans (CommonMark: a backtick run not escaped, closed by a run of the same length). */
function withoutCodeSpans(markdown: string): string {
  let out = '';
  for (let i = 0; i < markdown.length; ) {
    if (markdown[i] === '\\') {
      out += markdown.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (markdown[i] !== '`') {
      out += markdown[i++];
      continue;
    }
    const run = /^`+/.exec(markdown.slice(i))![0];
    const close = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
    close.lastIndex = i + run.length;
    const end = close.exec(markdown);
    if (end === null) {
      out += run;
      i += run.length;
    } else i = end.index + run.length;
  }
  return out;
}

/** Checks what a hostile spec must never achieve: a broken table, raw HTML, a fence closed early. */
function expectSafe(markdown: string): void {
  const { prose, fences } = structure(markdown);
  let columns: number | undefined;
  for (const line of prose) {
    if (!line.startsWith('|')) {
      columns = undefined;
      continue;
    }
    // A row has as many cells as its table's header (the row's leading and trailing pipes add two).
    columns ??= cellCount(line);
    expect(cellCount(line), line).toBe(columns);
    expect(line.endsWith(' |') || line.endsWith('---|'), line).toBe(true);
  }
  const html = withoutCodeSpans(prose.join('\n')).match(/<[^>]*>?/g) ?? [];
  for (const tag of html) expect(tag).toMatch(/^<(?:\/?code|br|a id="[a-z0-9-]+"|\/a)>$/);
  // Every fenced block holds JSON or the TypeScript snippet, whole.
  for (const body of fences) if (body.startsWith('{') || body.startsWith('[')) expect(() => JSON.parse(body)).not.toThrow();
}

describe('docs emitter', () => {
  it('documents every operation, parameter, error code and example of the Gizwits spec', async () => {
    const ir = await irOf(SPECS.gizwits);
    const text = readme(ir);
    expectSafe(text);
    const names = specNames(ir);
    for (const op of ir.operations) {
      expect(text).toContain(`#### \`${op.method.toUpperCase()} ${op.path}\``);
      expect(text).toContain(`\`client.${names.operationMember(op.id)}(request)\``);
    }
    for (const e of ir.errorCatalogue) expect(text).toMatch(new RegExp(`^\\| <code>${e.code}</code> \\| ${e.status} \\|`, 'm'));
    const examples = ir.operations.flatMap((op) => [...(op.requestBody?.contents ?? []), ...op.responses.flatMap((r) => r.contents)].flatMap((m) => m.examples));
    const { fences } = structure(text);
    for (const example of examples) expect(fences).toContain(JSON.stringify(example.value, null, 2));
    for (const schema of ir.schemas) expect(text).toContain(`### \`${schema.name}\``);
    expect(text).toContain(`new ${restNames(ir).client}(`);
    // Each scheme names the error a missing credential gets: its own x-error-code, else the token error.
    expect(text).toContain('| <code>header X-Gizwits-Enterprise-ID</code> | 5003 enterprise id not exist |');
    expect(text).toContain('| <code>header Authorization</code> | 5009 token invalid |');
  });

  it('documents every MQTT method with topics, QoS, payloads and examples of the DJI spec', async () => {
    const ir = await irOf(SPECS.dji);
    const text = readme(ir);
    expectSafe(text);
    const plan = planMqtt(ir);
    for (const m of ir.methods) {
      expect(text).toContain(`### \`${m.name}\``);
      expect(text).toContain(`| Topic | <code>${m.request.channel.address.replace(/_/g, '\\_')}</code> |`);
      expect(text).toContain(`| QoS | ${m.qos.request} | ${m.qos.reply} |`);
    }
    for (const planned of plan.methods) expect(text).toContain(`\`dock.${planned.member}(data)\``);
    for (const e of ir.errorCatalogue) expect(text).toContain(`| <code>${e.code}</code> |`);
    const { fences } = structure(text);
    for (const m of ir.methods) for (const example of [...m.request.examples, ...m.reply.examples]) expect(fences).toContain(JSON.stringify(example.value, null, 2));
    expect(text).toContain(`new DjiDockOrganizationDockClient(connection, { gatewaySn: "<gateway_sn>" })`);
  });

  it('keeps the page well-formed for specs full of Markdown, HTML and fences', async () => {
    for (const file of Object.values(HOSTILE)) expectSafe(readme(await irOf(file)));
    const text = readme(await irOf(HOSTILE.markdown));
    expect(withoutCodeSpans(structure(text).prose.join('\n'))).not.toMatch(/<script|<img|<details|<b>|<i>/);
    expect(text).toContain('`````json\n{\n  "text": "```\\n````\\n</code> | <script>"');
    expect(text).toContain('| <code>q\\|x</code> | query |');
    expect(text).toContain('| the id \\| pipe<br><br>new paragraph |');
    expect(text).toMatch(/^\\# Not a heading\\$/m);
  });

  it('is deterministic', async () => {
    for (const file of [SPECS.gizwits, SPECS.dji, HOSTILE.markdown]) expect(readme(await irOf(file))).toBe(readme(await irOf(file)));
  });

  it('prints every value through a Markdown helper: templates have no bare or triple-stash mustaches', () => {
    const sources = templateSources();
    expect([...sources.keys()]).toContain('readme');
    const problems: string[] = [];
    const visit = (node: unknown, template: string): void => {
      if (Array.isArray(node)) return node.forEach((n) => visit(n, template));
      if (node === null || typeof node !== 'object') return;
      const n = node as { type?: string; path?: { original?: string }; name?: { original?: string }; escaped?: boolean; params?: unknown[] };
      const name = n.path?.original ?? '';
      if (n.type === 'MustacheStatement' && (!Object.hasOwn(PRINTING_HELPERS, name) || n.escaped !== true || (n.params?.length ?? 0) === 0)) {
        problems.push(`${template}: {{${name}}} prints without a Markdown helper`);
      }
      if (n.type === 'BlockStatement' && !['if', 'unless', 'each'].includes(name)) problems.push(`${template}: block {{#${name}}}`);
      if (n.type === 'SubExpression' && !Object.hasOwn(VALUE_HELPERS, name)) problems.push(`${template}: subexpression (${name})`);
      if (n.type === 'PartialStatement' && !sources.has(n.name?.original ?? '')) problems.push(`${template}: unknown partial ${n.name?.original}`);
      for (const value of Object.values(node)) visit(value, template);
    };
    for (const [name, source] of sources) visit(Handlebars.parse(source), name);
    expect(problems).toEqual([]);
  });

  it("shows a usage snippet that type-checks against the generated client", async () => {
    const files: Record<string, string> = {};
    for (const [key, file] of Object.entries({ ...SPECS, hostile: HOSTILE.openapi, hostileMqtt: HOSTILE.mqtt, markdown: HOSTILE.markdown })) {
      const ir = await irOf(file);
      const generated = await generateSpec(ir, [...emitters.filter((e) => e.id !== 'docs'), docsEmitter], `${key}.yaml`);
      for (const [path, text] of generated.files) files[`${key}/generated/${ir.name}/${path}`] = text;
      const snippet = /```ts\n([\s\S]*?)\n```/.exec(generated.files.get('README.md')!)?.[1];
      expect(snippet, `${key} has a usage snippet`).toBeDefined();
      files[`${key}/usage.ts`] = `${snippet!}\nexport {};\n`;
    }
    expect(await typecheckFiles(files)).toBe('');
  }, 180_000);
});
