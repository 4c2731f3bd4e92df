/**
 * `reparse` against the whole-file parse: after any edit, a re-parsed document has the same
 * values and the same node offsets as parsing the new text from scratch, or it declines.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { parseSourceText } from '../../generator/load/source.js';
import { canReparseFrom, reparse, YAML_OPTIONS } from '../../generator/load/yaml-reparse.js';
import { repoRoot } from '../emit/fixtures.js';

const SMALL = `openapi: 3.1.0
info:
  title: Things
  version: 1.0.0
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - name: id
          in: path
          required: true
          schema: {type: string, maxLength: 10}
      responses:
        '200':
          description: |
            The thing,
            in two lines.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        name:
          type: string
          maxLength: 20
        # a comment
        size: {type: integer, minimum: 0}
        tags:
          type: array
          items: {type: string}
`;

/** Every node's kind, offsets and scalar value, keys included, in document order. */
function shape(doc: Document): unknown[] {
  const out: unknown[] = [];
  const walk = (node: unknown): void => {
    if (isPair(node)) {
      walk(node.key);
      walk(node.value);
    } else if (isScalar(node)) out.push(['scalar', node.range, node.value]);
    else if (isMap(node) || isSeq(node)) {
      out.push([isMap(node) ? 'map' : 'seq', node.range, node.items.length]);
      for (const item of node.items) walk(item);
    } else out.push(['other', node === null ? null : typeof node]);
  };
  walk(doc.contents);
  return out;
}

/** One edit of a text: a span replaced by another string. */
const edit = (text: string) => {
  const lines = text.split('\n');
  const lineStart = (k: number) => lines.slice(0, k).reduce((n, l) => n + l.length + 1, 0);
  const noise = fc.string({ unit: fc.constantFrom(' ', '\n', ':', '-', '#', '"', "'", '[', ']', '{', '}', '|', '>', ',', 'a', 'b', '7', '&', '*', '!', '?'), maxLength: 4 });
  const span = fc.integer({ min: 0, max: text.length }).chain((at) => fc.tuple(fc.constant(at), fc.integer({ min: at, max: Math.min(text.length, at + 6) }), noise));
  const line = fc.integer({ min: 0, max: lines.length - 2 });
  const indent = (k: number) => /^ */.exec(lines[k]!)![0];
  return fc.oneof(
    // Noise anywhere: mostly syntax errors, which must be declined.
    span.map(([from, to, insert]) => ({ from, to, insert })),
    // A number changed.
    fc.tuple(fc.constantFrom(...[...text.matchAll(/\d+/g)].map((m) => m.index!)), fc.nat(9999)).map(([at, n]) => ({ from: at, to: at + /^\d+/.exec(text.slice(at))![0].length, insert: String(n) })),
    // A line deleted, duplicated, indented or dedented, or a new entry after it.
    line.map((k) => ({ from: lineStart(k), to: lineStart(k + 1), insert: '' })),
    line.map((k) => ({ from: lineStart(k + 1), to: lineStart(k + 1), insert: `${lines[k]}\n` })),
    line.map((k) => ({ from: lineStart(k), to: lineStart(k), insert: '  ' })),
    line.filter((k) => lines[k]!.startsWith('  ')).map((k) => ({ from: lineStart(k), to: lineStart(k) + 2, insert: '' })),
    fc.tuple(line, fc.constantFrom('', '  ', '    '), fc.constantFrom('added: 1', 'description: x', 'type: string', '- x', 'name: {a: 1}')).map(([k, more, entry]) => ({
      from: lineStart(k + 1),
      to: lineStart(k + 1),
      insert: `${indent(k)}${more}${entry}\n`,
    })),
  );
};

/** Applies `steps` edits one after another, re-parsing each from the last, checking each against a full parse. */
function checkChain(start: string, steps: number, runs: number): { reparsed: number; declined: number } {
  const counts = { reparsed: 0, declined: 0 };
  fc.assert(
    fc.property(fc.infiniteStream(fc.nat()), (seeds) => {
      let text = start;
      let doc: Document.Parsed = parseDocument(text, YAML_OPTIONS);
      const next = seeds[Symbol.iterator]();
      for (let step = 0; step < steps; step++) {
        const [change] = fc.sample(edit(text), { numRuns: 1, seed: next.next().value as number });
        const after = text.slice(0, change!.from) + change!.insert + text.slice(change!.to);
        const full = parseDocument(after, YAML_OPTIONS);
        const again = canReparseFrom(text, doc) ? reparse({ text, doc }, after) : undefined;
        if (again) {
          counts.reparsed++;
          const lineOf = (at: number) => after.slice(0, at).split('\n').length;
          const where = `${JSON.stringify(change)} at line ${lineOf(change!.from)}:\n${after.split('\n').slice(Math.max(0, lineOf(change!.from) - 4), lineOf(change!.from) + 3).join('\n')}`;
          expect(full.errors.concat(full.warnings).map((e) => e.message), where).toEqual([]);
          expect(again.toJS(), where).toEqual(full.toJS());
          expect(shape(again), where).toEqual(shape(full));
          doc = again;
        } else {
          counts.declined++;
          // A broken text ends no chain: the next edit starts again from the last good one.
          if (full.errors.length > 0 || full.warnings.length > 0) continue;
          doc = full;
        }
        text = after;
      }
    }),
    { numRuns: runs, seed: 20261204 },
  );
  return counts;
}

describe('reparse', () => {
  it('gives what a full parse gives, edit after edit, on a small spec', () => {
    const { reparsed, declined } = checkChain(SMALL, 8, 300);
    // Both paths are exercised (about 1,000 re-parses and 1,300 declines with this seed).
    expect(reparsed).toBeGreaterThan(500);
    expect(declined).toBeGreaterThan(500);
  });

  it('gives what a full parse gives with CRLF line breaks', () => {
    expect(checkChain(SMALL.replace(/\n/g, '\r\n'), 8, 100).reparsed).toBeGreaterThan(100);
  });

  it.each(['gizwits-enterprise.openapi.yaml', 'dji-dock-organization.asyncapi.yaml'])('gives what a full parse gives on specs/%s', (name) => {
    const text = readFileSync(join(repoRoot, 'specs', name), 'utf8');
    const { reparsed } = checkChain(text, 4, 12);
    expect(reparsed).toBeGreaterThan(10);
  }, 60_000);

  it('re-parses an edit of one value by parsing only its entry', () => {
    const doc = parseDocument(SMALL, YAML_OPTIONS);
    const after = SMALL.replace('maxLength: 20', 'maxLength: 25');
    const again = reparse({ text: SMALL, doc }, after);
    expect(again).toBe(doc);
    expect(again!.toJS()).toEqual(parseDocument(after, YAML_OPTIONS).toJS());
  });

  it('leaves the positions of the parse it re-parsed from intact (parseSourceText of one file, twice)', () => {
    const file = '/virtual/reparsed.openapi.yaml';
    const edited = SMALL.replace('  title: Things', '  title: Things and more things');
    // The second parse takes this path: the edit re-parses.
    expect(reparse({ text: SMALL, doc: parseDocument(SMALL, YAML_OPTIONS) }, edited)).toBeDefined();
    const first = parseSourceText(file, SMALL);
    const second = parseSourceText(file, edited);
    const pointer = '/components/schemas/Thing/properties/size';
    // 16 characters later in the second text, on the same line.
    expect(first.positionOf(pointer)).toEqual({ file, line: 33, col: 15 });
    expect(second.positionOf(pointer)).toEqual({ file, line: 33, col: 15 });
    expect(second.positionOf('/info/title')).toEqual({ file, line: 3, col: 10 });
    expect(first.keyPositionOf('/info/version')).toEqual({ file, line: 4, col: 3 });
    expect((second.value as { info: unknown }).info).toEqual({ title: 'Things and more things', version: '1.0.0' });
  });

  it('declines what is read across entries or spoils the file: anchors, directives, errors, duplicate keys', () => {
    const anchored = 'a: &x {b: 1}\nc: *x\n';
    expect(canReparseFrom(anchored, parseDocument(anchored, YAML_OPTIONS))).toBe(false);
    const directive = '%YAML 1.2\n---\na: 1\n';
    expect(canReparseFrom(directive, parseDocument(directive, YAML_OPTIONS))).toBe(false);
    const base = () => ({ text: SMALL, doc: parseDocument(SMALL, YAML_OPTIONS) });
    expect(reparse(base(), SMALL.replace('maxLength: 20', 'maxLength: "20'))).toBeUndefined();
    expect(reparse(base(), SMALL.replace('          maxLength: 20', '          maxLength: 20\n          type: number'))).toBeUndefined();
    expect(reparse(base(), SMALL.replace('maxLength: 20', 'maxLength: &y 20'))).toBeUndefined();
    expect(reparse(base(), SMALL)).toBeUndefined();
  });
});
