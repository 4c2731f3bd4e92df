import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { draft04AsDraft07, validateOpenApiDocument } from '../../generator/load/openapi-schema.js';

const schemaFile = (line: string) => new URL(`../../generator/load/schemas/openapi-${line}.json`, import.meta.url);

const findings = (line: '3.0' | '3.1', yaml: string) =>
  validateOpenApiDocument(parse(yaml), line).map((f) => `${f.pointer} ${f.message}`);

const info = `info: {title: t, version: '1'}`;

describe('the shipped official OpenAPI schemas', () => {
  it('are the published ones', () => {
    const v31 = JSON.parse(readFileSync(schemaFile('3.1'), 'utf8')) as Record<string, unknown>;
    const v30 = JSON.parse(readFileSync(schemaFile('3.0'), 'utf8')) as Record<string, unknown>;
    expect([v31.$id, v31.$schema]).toEqual(['https://spec.openapis.org/oas/3.1/schema/2022-10-07', 'https://json-schema.org/draft/2020-12/schema']);
    expect([v30.id, v30.$schema]).toEqual(['https://spec.openapis.org/oas/3.0/schema/2021-09-28', 'http://json-schema.org/draft-04/schema#']);
  });

  it('reads the draft-04 schema as draft-07: id becomes $id, boolean exclusive bounds become numbers', () => {
    expect(draft04AsDraft07({ id: 'x', $schema: 'd4', properties: { n: { minimum: 0, exclusiveMinimum: true }, m: { maximum: 5, exclusiveMaximum: false } } })).toEqual({
      $id: 'x',
      properties: { n: { exclusiveMinimum: 0 }, m: { maximum: 5 } },
    });
  });
});

describe('validateOpenApiDocument', () => {
  for (const line of ['3.0', '3.1'] as const) {
    const version = line === '3.0' ? '3.0.3' : '3.1.0';

    it(`${line}: accepts a minimal document`, () => {
      expect(findings(line, `openapi: ${version}\n${info}\npaths: {}\n`)).toEqual([]);
    });

    it(`${line}: says what is wrong, once, where it is`, () => {
      const doc = `
openapi: ${version}
${info}
paths:
  pets: {}
  /owners:
    get:
      responses:
        '200': {content: {}}
        '404': {description: gone, colour: red}
`;
      expect(findings(line, doc).sort()).toEqual([
        `/paths/pets unexpected property 'pets' (path keys must start with '/')`,
        `/paths/~1owners/get/responses/200 missing required property 'description'`,
        `/paths/~1owners/get/responses/404/colour unexpected property 'colour'`,
      ].sort());
    });

    it(`${line}: picks the alternative a security scheme and a parameter most likely meant`, () => {
      const doc = `
openapi: ${version}
${info}
paths:
  /a/{id}:
    get:
      parameters:
        - {name: id, in: path, schema: {type: string}}
        - {name: q, in: body, schema: {type: string}}
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    key: {type: apiKey, name: X-Key}
`;
      const got = findings(line, doc);
      expect(got).toContain(`/paths/~1a~1{id}/get/parameters/0 missing required property 'required'`);
      expect(got.filter((f) => f.startsWith('/paths/~1a~1{id}/get/parameters/1'))).toHaveLength(1);
      expect(got.find((f) => f.startsWith('/paths/~1a~1{id}/get/parameters/1'))).toMatch(/^\S+\/in must be one of (?=.*"path")(?=.*"query")(?=.*"header")(?=.*"cookie")/);
      expect(got.filter((f) => f.startsWith('/components/securitySchemes/key'))).toEqual([`/components/securitySchemes/key missing required property 'in'`]);
      expect(got).toHaveLength(3);
    });
  }

  it('3.1: merges alternatives that each miss one property', () => {
    expect(findings('3.1', `openapi: 3.1.0\n${info}\n`)).toEqual([` must have at least one of the properties 'paths', 'components', 'webhooks'`]);
  });
});
