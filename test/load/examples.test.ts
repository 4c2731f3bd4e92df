import { describe, expect, it } from 'vitest';
import type { SchemaDialect } from '../../generator/load/document-schemas.js';
import { checkExamples } from '../../generator/load/examples.js';
import { parseSourceText } from '../../generator/load/source.js';

function check(dialect: SchemaDialect, text: string) {
  const source = parseSourceText('/virtual/spec.yaml', text);
  return checkExamples(source.value, dialect, source).map((d) => ({ code: d.code, pointer: d.pointer, message: d.message }));
}

const pointers = (findings: { pointer: string }[]) => findings.map((f) => f.pointer);

describe('OpenAPI 3.0 examples', () => {
  const spec = (example: string) => `
components:
  schemas:
    Reading:
      type: object
      properties:
        label: {type: string, nullable: true}
        mode: {type: string, enum: [eco], nullable: true}
        level: {type: number, minimum: 0, exclusiveMinimum: true}
        plain: {type: string}
      example: ${example}
`;

  it('lets nullable: true allow null, also with an enum', () => {
    expect(check('openapi-3.0', spec('{label: null, mode: null, level: 1}'))).toEqual([]);
  });

  it('keeps null out where nullable is not set', () => {
    expect(pointers(check('openapi-3.0', spec('{plain: null}')))).toEqual(['/components/schemas/Reading/example/plain']);
  });

  it('reads boolean exclusiveMinimum as draft-04 did', () => {
    const findings = check('openapi-3.0', spec('{level: 0}'));
    expect(findings).toEqual([
      { code: 'example-invalid', pointer: '/components/schemas/Reading/example/level', message: 'example does not match schema #/components/schemas/Reading: /level must be > 0' },
    ]);
  });
});

describe('OpenAPI 3.1 examples', () => {
  it('checks media-type, parameter, header, shared and schema-level examples', () => {
    const findings = check('openapi-3.1', `
paths:
  /a:
    get:
      parameters:
        - {name: n, in: query, schema: {type: integer}, example: x}
      responses:
        '200':
          description: ok
          headers:
            X-Left: {schema: {type: integer}, examples: {bad: {value: many}}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
              examples:
                good: {value: {id: 1}}
                shared: {$ref: '#/components/examples/Broken'}
components:
  examples:
    Broken: {value: {id: one}}
  schemas:
    Thing:
      type: object
      properties:
        id: {type: integer, examples: [1, two]}
        note: {type: [string, 'null'], examples: [null, text]}
`);
    expect(findings.map((f) => [f.pointer, f.message.replace(/^example does not match schema #\S+: /, '')])).toEqual([
      ['/paths/~1a/get/parameters/0/example', 'must be integer'],
      ['/paths/~1a/get/responses/200/headers/X-Left/examples/bad/value', 'must be integer'],
      ['/components/examples/Broken/value/id', '/id must be integer (used at #/paths/~1a/get/responses/200/content/application~1json/examples/shared)'],
      ['/components/schemas/Thing/properties/id/examples/1', 'must be integer'],
    ]);
  });

  it('picks the alternative an example most likely meant', () => {
    const findings = check('openapi-3.1', `
components:
  schemas:
    Either:
      oneOf:
        - type: string
        - type: object
          required: [kind]
          properties:
            kind: {const: box}
            size: {type: integer}
      examples:
        - {kind: box, size: big}
`);
    expect(findings.map((f) => [f.pointer, f.message.split(': ').slice(1).join(': ')])).toEqual([['/components/schemas/Either/examples/0/size', '/size must be integer']]);
  });

  it('ignores OpenAPI keywords that are not JSON Schema', () => {
    expect(check('openapi-3.1', `
components:
  schemas:
    Pet:
      type: object
      discriminator: {propertyName: kind}
      xml: {name: pet}
      externalDocs: {url: 'https://example.com'}
      x-extra: true
      properties:
        kind: {type: string}
        born: {type: string, format: date}
        weight: {type: number, format: float}
        count: {type: integer, format: int32}
      example: {kind: cat, born: '2020-01-31', weight: 4.5, count: 3}
`)).toEqual([]);
  });

  it('reports a schema that cannot be compiled once, instead of its examples', () => {
    const findings = check('openapi-3.1', `
components:
  schemas:
    Odd:
      type: strnig
      examples: [a, b]
`);
    expect(findings.map((f) => [f.code, f.pointer])).toEqual([['schema-invalid', '/components/schemas/Odd']]);
  });
});

describe('AsyncAPI examples', () => {
  it('checks message example payloads and headers, through multi-format schemas and refs', () => {
    const findings = check('asyncapi', `
channels:
  c:
    messages:
      inline:
        payload: {type: integer}
        examples: [{payload: nope}]
components:
  schemas:
    Envelope: {type: object, required: [tid], properties: {tid: {type: string}}}
  messages:
    M:
      headers: {type: object, properties: {qos: {type: integer}}}
      payload:
        schemaFormat: application/vnd.aai.asyncapi+json;version=3.0.0
        schema: {$ref: '#/components/schemas/Envelope'}
      examples:
        - {headers: {qos: high}, payload: {tid: '1'}}
        - {payload: {}}
    Avro:
      payload:
        schemaFormat: application/vnd.apache.avro;version=1.9.0
        schema: {type: record, name: R, fields: []}
      examples: [{payload: anything}]
`);
    expect(findings.map((f) => f.pointer)).toEqual([
      '/components/messages/M/examples/0/headers/qos',
      '/components/messages/M/examples/1/payload',
      '/channels/c/messages/inline/examples/0/payload',
    ]);
    expect(findings[1]!.message).toBe("example does not match schema #/components/schemas/Envelope: missing required property 'tid'");
    expect(findings[0]!.message).toBe('example does not match schema #/components/messages/M/headers: /qos must be integer');
  });
});

describe('alternatives that all reject an example', () => {
  it('say in one finding what any of them accepts', () => {
    const findings = check('openapi-3.1', `
components:
  schemas:
    Id:
      oneOf: [{type: string}, {type: integer}]
      examples: [true]
    Mode:
      anyOf: [{enum: [a, b]}, {enum: [c]}]
      examples: [z]
`);
    expect(findings.map((f) => f.message.split(': ').slice(1).join(': '))).toEqual(['must be string or integer', 'must be one of "a", "b", "c"']);
  });
});

describe('names holding a percent sign', () => {
  it('checks and locates examples under keys such as `Pct%41` and `a%20b` as written', () => {
    const text = `
components:
  schemas:
    Pct%41:
      type: object
      properties:
        a%20b: {type: integer}
      example: {a%20b: x}
    Ref:
      $ref: '#/components/schemas/Pct%2541'
      example: {a%20b: y}
`;
    const source = parseSourceText('/virtual/spec.yaml', text);
    const found = checkExamples(source.value, 'openapi-3.1', source);
    expect(found.map((d) => [d.pointer, d.line, d.col])).toEqual([
      ['/components/schemas/Pct%41/example/a%20b', 8, 24],
      ['/components/schemas/Ref/example/a%20b', 11, 24],
    ]);
  });
});

describe('a property named __proto__', () => {
  it('is checked in examples as an own key, like any other property', () => {
    const text = `
components:
  schemas:
    Thing:
      type: object
      additionalProperties: false
      properties:
        __proto__: {type: string}
      examples:
        - {__proto__: x}
        - {__proto__: 5}
`;
    const source = parseSourceText('/virtual/spec.yaml', text);
    const found = checkExamples(source.value, 'openapi-3.1', source);
    expect(found.map((d) => [d.pointer, d.message])).toEqual([
      ['/components/schemas/Thing/examples/1/__proto__', 'example does not match schema #/components/schemas/Thing: /__proto__ must be string'],
    ]);
    // The caller's document is left as it was.
    expect(Object.keys((source.value as { components: { schemas: { Thing: object } } }).components.schemas.Thing)).toEqual(['type', 'additionalProperties', 'properties', 'examples']);
  });
});

describe('checking an edited spec again', () => {
  it('follows the edited schemas, through their refs, and never reports what an old version said', () => {
    const spec = (max: number, title: string) => `
info: {title: ${title}}
components:
  schemas:
    Item:
      type: object
      properties:
        name: {$ref: '#/components/schemas/Name'}
      example: {name: abcd}
    Name: {type: string, maxLength: ${max}}
`;
    expect(check('openapi-3.1', spec(10, 'a'))).toEqual([]);
    expect(check('openapi-3.1', spec(10, 'b'))).toEqual([]);
    expect(check('openapi-3.1', spec(3, 'b'))).toEqual([
      { code: 'example-invalid', pointer: '/components/schemas/Item/example/name', message: 'example does not match schema #/components/schemas/Item: /name must NOT have more than 3 characters' },
    ]);
    expect(check('openapi-3.1', spec(10, 'c'))).toEqual([]);
  });
});
