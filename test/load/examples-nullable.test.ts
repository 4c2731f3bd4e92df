import { describe, expect, it } from 'vitest';
import { checkExamples } from '../../generator/load/examples.js';
import { loadSpecText } from '../../generator/load/load-text.js';
import { parseSourceText } from '../../generator/load/source.js';

function check(text: string) {
  const source = parseSourceText('/virtual/spec.yaml', text);
  return checkExamples(source.value, 'openapi-3.0', source).map((d) => ({ code: d.code, pointer: d.pointer, message: d.message }));
}

/**
 * GitHub's REST spec (OpenAPI 3.0) writes `nullable: true` beside a lone `allOf`/`$ref`/`anyOf`,
 * without `type`: the official 3.0 schema allows it and the IR reads it as "or null"; example
 * checks must read it the same way rather than fail to compile the schema.
 */
const components = (example: string) => `
components:
  schemas:
    User:
      type: object
      required: [login]
      properties:
        login: {type: string}
    Issue:
      type: object
      properties:
        assignee:
          nullable: true
          allOf: [{$ref: '#/components/schemas/User'}]
        milestone:
          nullable: true
          anyOf: [{type: string}, {type: integer}]
        closer:
          type: object
          nullable: true
          allOf: [{$ref: '#/components/schemas/User'}]
        plain:
          nullable: false
          allOf: [{$ref: '#/components/schemas/User'}]
        state:
          nullable: true
          const: open
      example: ${example}
`;

describe('OpenAPI 3.0 nullable without type in example checks', () => {
  it('lets null through beside allOf, anyOf and const, with or without type', () => {
    expect(check(components('{assignee: null, milestone: null, closer: null, state: null}'))).toEqual([]);
    expect(check(components('{assignee: {login: a}, milestone: 3, closer: {login: b}, state: open}'))).toEqual([]);
  });

  it('still checks what is not null against the moved keywords', () => {
    const findings = check(components('{assignee: {name: a}, state: closed}'));
    expect(findings.map((f) => f.pointer)).toEqual(['/components/schemas/Issue/example/assignee', '/components/schemas/Issue/example/state']);
    expect(findings[0]!.message).toContain("missing required property 'login'");
    expect(findings[1]!.message).toContain('must be one of "open", null');
  });

  it('keeps null out where nullable is false', () => {
    expect(check(components('{plain: null}')).map((f) => f.pointer)).toEqual(['/components/schemas/Issue/example/plain']);
  });

  it('follows a $ref into a moved keyword, and checks examples written inside one', () => {
    const text = `
components:
  schemas:
    Wrapper:
      nullable: true
      allOf:
        - type: object
          properties: {id: {type: integer}}
          example: {id: nope}
    Inner:
      $ref: '#/components/schemas/Wrapper/allOf/0'
      example: {id: 2}
    Bad:
      $ref: '#/components/schemas/Wrapper/allOf/0'
      example: {id: two}
`;
    const findings = check(text);
    expect(findings.map((f) => [f.code, f.pointer])).toEqual([
      ['example-invalid', '/components/schemas/Wrapper/allOf/0/example/id'],
      ['example-invalid', '/components/schemas/Bad/example/id'],
    ]);
  });

  it('passes the official OpenAPI 3.0 schema and every check of a whole spec', async () => {
    const spec = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /issues/{n}:
    get:
      parameters:
        - {name: n, in: path, required: true, schema: {type: integer}}
      responses:
        '200':
          description: One issue.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Issue'}
              example: {assignee: null}
${components('{assignee: null}').replace('const: open', 'enum: [open]')}`; // `const` is not OpenAPI 3.0
    const loaded = await loadSpecText('/virtual/spec.openapi.yaml', spec);
    expect(loaded.diagnostics).toEqual([]);
  });
});
