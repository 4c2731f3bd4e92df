import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type * as AjvCore from 'ajv/dist/core.js';
import { AjvErrorSummarizer, type SchemaFinding } from './ajv-error-summary.js';
import { exclusiveBoundsAsNumbers } from './exclusive-bounds.js';
import { addSpecFormats } from './spec-formats.js';
import { isPlainObject, type PlainObject } from './walk.js';

/** The OpenAPI lines with an official schema in `schemas/`. */
export type OpenApiLine = '3.0' | '3.1';

interface OfficialValidator {
  validate: AjvCore.ValidateFunction;
  summarizer: AjvErrorSummarizer;
}

// Compiling an official schema takes a few hundred milliseconds: once per process and line.
const compiled = new Map<OpenApiLine, OfficialValidator>();

/** Checks a (bundled) OpenAPI document against the official OpenAPI schema of its line. */
export function validateOpenApiDocument(document: unknown, line: OpenApiLine): SchemaFinding[] {
  const { validate, summarizer } = officialValidator(line);
  return validate(document) ? [] : summarizer.summarize(validate.errors ?? [], document);
}

function officialValidator(line: OpenApiLine): OfficialValidator {
  let official = compiled.get(line);
  if (!official) {
    const published = JSON.parse(readFileSync(new URL(`./schemas/openapi-${line}.json`, import.meta.url), 'utf8')) as PlainObject;
    const options = { strict: false, allErrors: true, verbose: true, logger: false as const, validateSchema: false };
    const ajv = line === '3.1' ? addSpecFormats(new Ajv2020(options)) : addSpecFormats(new Ajv(options));
    const schema = line === '3.1' ? published : (draft04AsDraft07(published) as PlainObject);
    const validate = ajv.compile(schema);
    official = { validate, summarizer: new AjvErrorSummarizer(ajv, String(schema.$id), schema) };
    compiled.set(line, official);
  }
  return official;
}

/**
 * The official OpenAPI 3.0 schema is JSON Schema draft-04, which ajv 8 reads only through an extra
 * package. It differs from draft-07 in `id` (now `$id`) and in boolean `exclusiveMinimum`/
 * `exclusiveMaximum`; this rewrites those so ajv's draft-07 mode validates the same documents.
 */
export function draft04AsDraft07(schema: unknown, isRoot = true): unknown {
  if (Array.isArray(schema)) return schema.map((item) => draft04AsDraft07(item, false));
  if (!isPlainObject(schema)) return schema;
  const out: PlainObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema') continue;
    if (isRoot && key === 'id') out.$id = value;
    else out[key] = draft04AsDraft07(value, false);
  }
  exclusiveBoundsAsNumbers(out);
  return out;
}
