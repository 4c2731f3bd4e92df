import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type * as AjvCore from 'ajv/dist/core.js';
import { AjvErrorSummarizer, type SchemaFinding } from './ajv-error-summary.js';
import { pointerToFragment } from './pointer.js';
import { exclusiveBoundsAsNumbers } from './exclusive-bounds.js';
import { addSpecFormats } from './spec-formats.js';
import { childIsNameMap, isDataEntry, isPlainObject, type PlainObject } from './walk.js';

/** The JSON Schema dialect of a spec's schemas. */
export type SchemaDialect = 'openapi-3.0' | 'openapi-3.1' | 'asyncapi';

/** The document's own address inside its ajv instance; refs such as `#/components/schemas/X` resolve against it. */
const DOCUMENT_URI = 'https://specgen.invalid/spec.json';

export type SchemaCheck = { findings: SchemaFinding[] } | { compileError: string };

/**
 * Validates values against schemas of one spec document, addressed by JSON pointer. One ajv
 * instance per document, holding the whole document so internal refs resolve; each schema is
 * compiled once, on first use.
 */
export class DocumentSchemas {
  private readonly ajv: AjvCore.default;
  private readonly summarizer: AjvErrorSummarizer;
  private readonly compiled = new Map<string, AjvCore.ValidateFunction | string>();
  /** Why the document itself could not be added (e.g. two schemas with the same `$id`). */
  private readonly unusable: string | undefined;

  constructor(document: unknown, dialect: SchemaDialect) {
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; AsyncAPI's default format is a draft-07 superset,
    // and OpenAPI 3.0's a draft-04 subset read as draft-07 once `nullable` and boolean exclusive bounds are rewritten.
    const options = { strict: false, allErrors: true, verbose: true, logger: false as const, validateSchema: false };
    this.ajv = addSpecFormats(dialect === 'openapi-3.1' ? new Ajv2020(options) : new Ajv(options));
    const schemaDocument = dialect === 'openapi-3.0' ? openApi30AsDraft07(document) : document;
    try {
      this.ajv.addSchema(schemaDocument as PlainObject, DOCUMENT_URI);
    } catch (error) {
      this.unusable = (error as Error).message;
    }
    this.summarizer = new AjvErrorSummarizer(this.ajv, DOCUMENT_URI, schemaDocument);
  }

  check(schemaPointer: string, value: unknown): SchemaCheck {
    const validate = this.validator(schemaPointer);
    if (typeof validate === 'string') return { compileError: validate };
    try {
      return { findings: validate(value) ? [] : this.summarizer.summarize(validate.errors ?? [], value) };
    } catch (error) {
      return { compileError: (error as Error).message };
    }
  }

  private validator(schemaPointer: string): AjvCore.ValidateFunction | string {
    if (this.unusable !== undefined) return this.unusable;
    let validate = this.compiled.get(schemaPointer);
    if (validate === undefined) {
      try {
        validate = this.ajv.getSchema(DOCUMENT_URI + pointerToFragment(schemaPointer)) ?? `no schema at #${schemaPointer}`;
      } catch (error) {
        validate = (error as Error).message;
      }
      this.compiled.set(schemaPointer, validate);
    }
    return validate;
  }
}

/**
 * A copy of an OpenAPI 3.0 document whose schemas read as draft-07: `nullable: true` adds `null`
 * to `type` (and to `enum`), boolean `exclusiveMinimum`/`exclusiveMaximum` become numeric bounds.
 * Instance data (examples, defaults, enums) is copied untouched, so pointers stay the same.
 */
export function openApi30AsDraft07(value: unknown, isNameMap = false): unknown {
  if (Array.isArray(value)) return value.map((item) => openApi30AsDraft07(item));
  if (!isPlainObject(value)) return value;
  const out: PlainObject = {};
  for (const [key, child] of Object.entries(value)) {
    const data = !isNameMap && isDataEntry(key, child);
    Object.defineProperty(out, key, {
      value: data ? child : openApi30AsDraft07(child, childIsNameMap(isNameMap, key, child)),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  if (isNameMap) return out;
  if (out.nullable === true && out.type !== undefined) {
    out.type = [...new Set([...(Array.isArray(out.type) ? out.type : [out.type]), 'null'])];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  exclusiveBoundsAsNumbers(out);
  return out;
}
