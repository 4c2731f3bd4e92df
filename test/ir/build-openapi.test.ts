import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildOpenApiIr, compareStatus, fallbackOperationId } from '../../generator/ir/build-openapi.js';
import type { IrOperation, IrSpec } from '../../generator/ir/types.js';
import type { Diagnostic } from '../../generator/load/diagnostic.js';
import { getAt, hasAt } from '../../generator/load/pointer.js';
import { collectRefs } from './ir-walk.js';
import { loadedFromText } from './loaded.js';
import { textAt, valueAt } from './positions.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/ir/${name}`, import.meta.url));
const petstoreFile = fixture('petstore-3.0.openapi.yaml');
const petstoreText = readFileSync(petstoreFile, 'utf8');

function build(file: string, text: string): { ir: IrSpec; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  return { ir: buildOpenApiIr(loadedFromText(file, text), diagnostics), diagnostics };
}

const petstore = build(petstoreFile, petstoreText);
const operation = (ir: IrSpec, id: string): IrOperation => {
  const found = ir.operations.find((o) => o.id === id);
  if (!found) throw new Error(`no operation ${id} among ${ir.operations.map((o) => o.id).join(', ')}`);
  return found;
};

describe('buildOpenApiIr on an OpenAPI 3.0 document', () => {
  const { ir } = petstore;

  it('reads the root: name, info, servers with variables, security schemes', () => {
    expect(ir).toMatchObject({ name: 'petstore-3.0', kind: 'openapi', specVersion: '3.0.3', title: 'Pet store (IR fixture)', version: '2.1.0' });
    expect(ir.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ir.servers).toEqual([
      { url: 'https://eu.pets.example/v2', protocol: 'https', description: 'Regional server' },
      { url: '/relative' },
    ]);
    expect(ir.securitySchemes.map((s) => [s.name, s.type, s.in, s.paramName, s.scheme])).toEqual([
      ['apiKey', 'apiKey', 'header', 'X-Api-Key', undefined],
      ['bearer', 'http', undefined, undefined, 'bearer'],
      ['oauth', 'oauth2', undefined, undefined, undefined],
    ]);
    expect(ir.methods).toEqual([]);
  });

  it('names operations by operationId, else <method>_<path>, unique, sorted by id', () => {
    expect(ir.operations.map((o) => [o.id, o.method, o.path])).toEqual([
      ['createPet', 'post', '/pets'],
      ['deletePet', 'delete', '/pets/{petId}'],
      ['get_legacy', 'get', '/~legacy'],
      ['get_pets_petId', 'get', '/pets/{petId}'],
      ['get_pets_petId_photos', 'get', '/owners'],
      ['get_pets_petId_photos_2', 'get', '/pets/{petId}/photos'],
      ['get_pets_petId_photos_3', 'get', '/pets/{petId}/photos/'],
      ['listPets', 'get', '/pets'],
    ]);
    expect(fallbackOperationId('get', '/v1/products/{product_key}/access_token')).toBe('get_v1_products_product_key_access_token');
    expect(fallbackOperationId('post', '/')).toBe('post');
  });

  it('merges path-level parameters with operation parameters (operation wins by name and in), sorted by in then name', () => {
    const get = operation(ir, 'get_pets_petId');
    expect(get.parameters.map((p) => [p.in, p.name, p.required, p.description])).toEqual([
      ['path', 'petId', true, undefined],
      ['header', 'x-trace', true, 'operation-level trace header'],
    ]);
    const del = operation(ir, 'deletePet');
    expect(del.parameters.map((p) => [p.in, p.name, p.required, p.description])).toEqual([
      ['path', 'petId', true, undefined],
      ['header', 'X-Trace', false, 'path-level trace header'],
    ]);
    expect(del.parameters[0]!.schema!.pointer).toBe('/paths/~1pets~1{petId}/parameters/0/schema');
  });

  it('follows parameter $ref chains and locates the parameter at its definition', () => {
    const [limit, tag] = operation(ir, 'listPets').parameters;
    expect(limit).toMatchObject({ name: 'limit', in: 'query', required: false, deprecated: false });
    expect(limit!.location.pointer).toBe('/components/parameters/PageLimit');
    expect(limit!.location).toMatchObject(valueAt(petstoreText, ['  parameters:', 'PageLimit:']));
    expect(limit!.schema!.pointer).toBe('/components/parameters/PageLimit/schema');
    expect(tag!.schema!.pointer).toBe('/paths/~1pets/get/parameters/1/schema');
    expect(getAt(ir.document, tag!.schema!.pointer)).toEqual({ type: ['string', 'null'] });
  });

  it('orders responses: numeric codes, then nXX ranges, then default', () => {
    expect(operation(ir, 'listPets').responses.map((r) => r.status)).toEqual(['200', '201', '404', '2XX', '4XX', 'default']);
    const shuffled = ['default', '5XX', '404', '1XX', '200', '100', 'x-odd'];
    expect(shuffled.sort(compareStatus)).toEqual(['100', '200', '404', '1XX', '5XX', 'default', 'x-odd']);
  });

  it('resolves $ref responses, headers, request bodies and examples, and ignores a Content-Type header', () => {
    const list = operation(ir, 'listPets');
    const ok = list.responses.find((r) => r.status === '200')!;
    expect(ok.headers.map((h) => [h.name, h.description, h.schema?.pointer])).toEqual([
      ['X-Rate-Limit', 'Requests left', '/components/headers/RateLimit/schema'],
    ]);
    expect(ok.contents.map((c) => c.contentType)).toEqual(['application/json']);
    expect(ok.contents[0]!.examples.map((e) => [e.name, e.location.pointer])).toEqual([
      ['two', '/components/examples/TwoPetsValue'],
      ['inline', '/paths/~1pets/get/responses/200/content/application~1json/examples/inline'],
    ]);
    expect(ok.contents[0]!.examples[0]!.value).toEqual([
      { id: 1, name: 'Rex' },
      { id: 2, name: 'Tom' },
    ]);
    const notFound = list.responses.find((r) => r.status === '404')!;
    expect(notFound).toMatchObject({ description: 'Not found' });
    expect(notFound.location.pointer).toBe('/components/responses/NotFound');
    expect(notFound.contents[0]!.schema!.pointer).toBe('/components/responses/NotFound/content/application~1json/schema');

    const create = operation(ir, 'createPet');
    expect(create.requestBody).toMatchObject({ required: true });
    expect(create.requestBody!.location.pointer).toBe('/components/requestBodies/NewPet');
    expect(create.requestBody!.contents.map((c) => c.contentType)).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    const created = create.responses[0]!.contents[0]!;
    expect(created.examples).toEqual([
      { name: 'example', value: { id: 1, name: 'Rex' }, location: expect.objectContaining({ pointer: '/paths/~1pets/post/responses/201/content/application~1json/example' }) },
    ]);
  });

  it('resolves links by operationId and by operationRef, dropping unknown targets with a warning', () => {
    const ok = operation(ir, 'listPets').responses.find((r) => r.status === '200')!;
    expect(ok.links.map((l) => [l.name, l.operationId, l.parameters])).toEqual([
      ['DeletePet', 'deletePet', { petId: '$response.body#/0/id' }],
      ['FirstPet', 'get_pets_petId', { petId: '$response.body#/0/id', verbose: 'true' }],
    ]);
    const warning = petstore.diagnostics.find((d) => d.code === 'ir-link-target-unknown');
    expect(warning).toMatchObject({ severity: 'warning', pointer: '/paths/~1pets/get/responses/200/links/Nowhere' });
    expect(warning).toMatchObject(valueAt(petstoreText, ['Nowhere:']));
  });

  it('inherits root security unless the operation overrides it; security: [] means none', () => {
    expect(operation(ir, 'listPets').security).toEqual([['apiKey']]);
    expect(operation(ir, 'createPet').security).toEqual([]);
    expect(operation(ir, 'get_pets_petId').security).toEqual([['oauth'], ['apiKey', 'bearer']]);
  });

  it('builds the error catalogue from the root and operations, sorted by code', () => {
    expect(ir.errorCatalogue.map((e) => [e.code, e.status, e.message, e.fix])).toEqual([
      [4000, 400, 'bad request', undefined],
      [4004, 404, 'pet not found', 'Check the pet id.'],
      [4090, undefined, 'pet is adopted', undefined],
    ]);
    expect(ir.errorCatalogue[1]!.location).toMatchObject({ ...textAt(petstoreText, ['code: 4004']), pointer: '/x-error-codes/0' });
    expect(operation(ir, 'deletePet').errorCodes).toEqual([4004, 4090]);
    expect(operation(ir, 'createPet').errorCodes).toEqual([4000]);
    expect(petstore.diagnostics.map((d) => [d.code, d.pointer])).toEqual(
      expect.arrayContaining([
        ['ir-error-code-duplicate', '/x-error-codes/2'],
        ['ir-error-code-unknown', '/paths/~1pets/post/x-error-codes/1'],
        ['ir-error-code-unknown', '/components/securitySchemes/bearer/x-error-code'],
      ]),
    );
    // A scheme's own code for missing credentials, when the catalogue has it.
    expect(ir.securitySchemes.map((s) => [s.name, s.errorCode])).toEqual([
      ['apiKey', 4000],
      ['bearer', undefined],
      ['oauth', undefined],
    ]);
  });

  it('keeps the operation extensions verbatim, tags, deprecated and summaries', () => {
    const create = operation(ir, 'createPet');
    expect(create.extensions).toEqual({ 'x-error-codes': [4000, 9999], 'x-rate-class': 'write' });
    expect(operation(ir, 'listPets')).toMatchObject({ tags: ['pets'], summary: 'List pets', deprecated: false });
    expect(operation(ir, 'deletePet').deprecated).toBe(true);
  });

  it('locates operations at their node in the source', () => {
    expect(operation(ir, 'listPets').location).toEqual({
      file: petstoreFile,
      ...valueAt(petstoreText, ['  /pets:', '    get:']),
      pointer: '/paths/~1pets/get',
    });
    expect(operation(ir, 'get_pets_petId').location).toMatchObject(valueAt(petstoreText, ['  /pets/{petId}:', '    get:']));
    expect(operation(ir, 'get_legacy').location).toMatchObject({ ...valueAt(petstoreText, ['  /~legacy:', '    get:']), pointer: '/paths/~1~0legacy/get' });
    expect(ir.location).toMatchObject({ line: 1, col: 1, pointer: '' });
  });

  it('lists named schemas sorted by name', () => {
    expect(ir.schemas.map((s) => s.name)).toEqual([
      'Dog',
      'Mixed',
      'NullableOwner',
      'Owner',
      'OwnerNickname',
      'Pet',
      'PetAlias',
      'PetOrOwner',
      'PetOrProblem',
      'PetRef',
      'Problem',
      'TreeNode',
      'Weird.name-1_x',
    ]);
    const weird = ir.schemas.at(-1)!;
    expect(weird.schema.pointer).toBe('/components/schemas/Weird.name-1_x');
    expect(weird.description).toBe('A name that is not an identifier');
    expect(weird.schema.location).toMatchObject(valueAt(petstoreText, ['Weird.name-1_x:']));
    const alias = ir.schemas.find((s) => s.name === 'PetAlias')!;
    expect(getAt(ir.document, alias.schema.pointer)).toEqual({ $ref: '#/components/schemas/PetRef' });
  });

  it('normalises the document schemas to 2020-12', () => {
    const schema = (name: string) => getAt(ir.document, `/components/schemas/${name}`);
    expect(getAt(ir.document, '/components/schemas/Pet/properties')).toMatchObject({
      tag: { type: ['string', 'null'] },
      mood: { type: ['string', 'null'], enum: ['happy', 'sad', null] },
      owner: { anyOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'null' }] },
      labels: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
      weight: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 200 },
    });
    expect(schema('Mixed')).toEqual({ enum: [1, 'two', true, 2.5, null] });
    expect(schema('PetOrOwner')).toMatchObject({ anyOf: [{}, {}, { type: 'null' }] });
    expect(schema('PetOrProblem')).toMatchObject({ anyOf: [{ oneOf: [{}, {}] }, { type: 'null' }] });
    expect(schema('NullableOwner')).toMatchObject({ description: 'An owner or null', anyOf: [{ allOf: [{}, {}] }, { type: 'null' }] });
    expect(schema('OwnerNickname')).toEqual({ $ref: '#/components/schemas/NullableOwner/anyOf/0/allOf/1/properties/nickname' });
    expect(schema('TreeNode')).toMatchObject({
      properties: { parent: { anyOf: [{ $ref: '#/components/schemas/TreeNode' }, { type: 'null' }] } },
    });
    expect(getAt(ir.document, '/paths/~1pets~1{petId}/parameters/0/schema')).toEqual({ type: 'integer', exclusiveMinimum: 0 });
    expect(getAt(ir.document, '/components/parameters/PageLimit/schema')).toEqual({ type: 'integer', minimum: 1, maximum: 100 });
  });

  it('points every schema ref and location into the normalised document, at the source position of that pointer', () => {
    const { schemaRefs, locations } = collectRefs(ir);
    expect(schemaRefs.length).toBeGreaterThan(20);
    for (const ref of schemaRefs) expect(getAt(ir.document, ref.pointer), ref.pointer).toBeDefined();
    const source = loadedFromText(petstoreFile, petstoreText).source;
    for (const location of locations) {
      expect(hasAt(ir.document, location.pointer), location.pointer).toBe(true);
      expect(location).toEqual({ ...source.positionOf(location.pointer), pointer: location.pointer });
    }
  });

  it('is deterministic', () => {
    const again = build(petstoreFile, petstoreText);
    expect(again.ir).toEqual(ir);
    expect(JSON.stringify(again.ir)).toBe(JSON.stringify(ir));
    expect(again.diagnostics).toEqual(petstore.diagnostics);
  });
});

describe('buildOpenApiIr on an OpenAPI 3.1 document', () => {
  const file = fixture('types-3.1.openapi.yaml');
  const text = readFileSync(file, 'utf8');
  const { ir, diagnostics } = build(file, text);

  it('follows a path item $ref, keeps webhooks out of operations, and lets a reference override the description', () => {
    expect(diagnostics).toEqual([]);
    expect(ir.operations.map((o) => o.id)).toEqual(['getThing']);
    const get = ir.operations[0]!;
    expect(get.path).toBe('/things/{id}');
    expect(get.location.pointer).toBe('/components/pathItems/Thing/get');
    expect(get.location).toMatchObject(valueAt(text, ['    Thing:', '      get:']));
    expect(get.parameters).toMatchObject([{ name: 'id', in: 'path', required: true, description: "The reference's description wins" }]);
    expect(getAt(ir.document, get.parameters[0]!.schema!.pointer)).toEqual({ type: ['string', 'integer'] });
    expect(get.security).toEqual([]);
    expect(ir.servers).toEqual([{ url: '/' }]);
  });

  it('keeps 2020-12 schemas as written', () => {
    const original = loadedFromText(file, text).document;
    expect(getAt(ir.document, '/components/schemas')).toEqual(getAt(original, '/components/schemas'));
    expect(getAt(ir.document, '/components/schemas/Thing/properties/name/type')).toEqual(['string', 'null']);
  });

  it('links operationRef through paths even when the path item is a $ref', () => {
    const linked = text.replace(
      "            $ref: '#/components/responses/Thing'",
      [
        '            description: again',
        '            links:',
        '              self:',
        "                operationRef: '#/paths/~1things~1%7Bid%7D/get'",
        '              direct:',
        "                operationRef: '#/components/pathItems/Thing/get'",
      ].join('\n'),
    );
    expect(linked).not.toBe(text);
    const links = build(file, linked).ir.operations[0]!.responses[0]!.links;
    expect(links.map((l) => [l.name, l.operationId])).toEqual([
      ['direct', 'getThing'],
      ['self', 'getThing'],
    ]);
  });
});
