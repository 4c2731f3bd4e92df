import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type * as AjvCore from 'ajv/dist/core.js';
import { AjvErrorSummarizer, type SchemaFinding } from './ajv-error-summary.js';
import { canonicalPointer, joinPointer, pointerToFragment } from './pointer.js';
import { exclusiveBoundsAsNumbers } from './exclusive-bounds.js';
import { addProtoPatterns, hasProtoProperty } from './proto-properties.js';
import { RecentlyCompiled, schemaClosure } from './schema-closure.js';
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
  private readonly compiled = new Map<string, Compiled | string>();
  private readonly schemaDocument: unknown;
  /** Why the document itself could not be added (e.g. two schemas with the same `$id`). */
  private readonly unusable: string | undefined;
  private readonly pointerInCopy: (pointer: string) => string;

  constructor(
    document: unknown,
    private readonly dialect: SchemaDialect,
  ) {
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; AsyncAPI's default format is a draft-07 superset,
    // and OpenAPI 3.0's a draft-04 subset read as draft-07 once `nullable` and boolean exclusive bounds are rewritten.
    // Example pointers are pointers of the original document: `pointerInCopy` finds them in the converted one.
    const options = { strict: false, allErrors: true, verbose: true, logger: false as const, validateSchema: false };
    this.ajv = addSpecFormats(dialect === 'openapi-3.1' ? new Ajv2020(options) : new Ajv(options));
    const converted = dialect === 'openapi-3.0' ? openApi30AsDraft07(document) : { document, pointerInCopy: (p: string) => p };
    let schemaDocument = converted.document;
    if (hasProtoProperty(schemaDocument)) {
      // A `__proto__` property is checked only once it is also a pattern (on a copy: the document is the caller's).
      schemaDocument = structuredClone(schemaDocument);
      addProtoPatterns(schemaDocument);
    }
    this.pointerInCopy = converted.pointerInCopy;
    this.schemaDocument = schemaDocument;
    try {
      this.ajv.addSchema(schemaDocument as PlainObject, DOCUMENT_URI);
    } catch (error) {
      this.unusable = (error as Error).message;
    }
    this.summarizer = new AjvErrorSummarizer(this.ajv, DOCUMENT_URI, schemaDocument);
  }

  check(schemaPointer: string, value: unknown): SchemaCheck {
    const compiled = this.validator(schemaPointer);
    if (typeof compiled === 'string') return { compileError: compiled };
    const { validate, summarizer } = compiled;
    try {
      return { findings: validate(value) ? [] : summarizer.summarize(validate.errors ?? [], value) };
    } catch (error) {
      return { compileError: (error as Error).message };
    }
  }

  private validator(schemaPointer: string): Compiled | string {
    if (this.unusable !== undefined) return this.unusable;
    let compiled = this.compiled.get(schemaPointer);
    if (compiled === undefined) {
      const inCopy = this.pointerInCopy(schemaPointer);
      const closure = schemaClosure(this.schemaDocument, [inCopy]);
      const key = closure === undefined ? undefined : RecentlyCompiled.keyOf([this.dialect, inCopy, closure]);
      compiled = key === undefined ? undefined : recentValidators.get(key);
      if (compiled === undefined) {
        try {
          const validate = this.ajv.getSchema(DOCUMENT_URI + pointerToFragment(inCopy));
          compiled = validate ? { validate, summarizer: this.summarizer } : `no schema at #${schemaPointer}`;
        } catch (error) {
          compiled = (error as Error).message;
        }
        if (key !== undefined) recentValidators.remember(key, compiled);
      }
      this.compiled.set(schemaPointer, compiled);
    }
    return compiled;
  }
}

/** A compiled schema and the summarizer of the ajv instance that compiled it (they go together). */
interface Compiled {
  validate: AjvCore.ValidateFunction;
  summarizer: AjvErrorSummarizer;
}

/**
 * Schemas compiled lately, by dialect, pointer and `schemaClosure`: linting a spec again after an
 * edit (`generate --watch`) compiles only the schemas the edit reached.
 */
const recentValidators = new RecentlyCompiled<Compiled | string>(2000);

/** Applicators that can reject `null` even when `type` allows it (as in the IR's normaliser). */
const NULL_REJECTING = ['$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else'];

/** A converted copy of a document and where its nodes went. */
export interface ConvertedDocument {
  document: unknown;
  /** The pointer in the copy of the node at `pointer` in the original (most nodes do not move). */
  pointerInCopy(pointer: string): string;
}

/**
 * A copy of an OpenAPI 3.0 document whose schemas read as draft-07, as the IR reads them:
 * `nullable: true` adds `null` to `type` (and to `enum`; `const` becomes an `enum`), and a
 * `$ref`/`allOf`/`anyOf`/`oneOf`/`not`/`if` that would still reject null is moved into
 * `anyOf: [{…moved keywords}, {type: 'null'}]` (a lone `anyOf` gets a `{type: 'null'}` branch).
 * That holds with or without `type`: GitHub's spec, among others, writes `nullable: true` beside
 * a lone `allOf`. `nullable` itself is dropped (ajv refuses it without `type`), and boolean
 * `exclusiveMinimum`/`exclusiveMaximum` become numeric bounds. Instance data (examples, defaults,
 * enums) is copied untouched; `$ref`s into moved keywords are rewritten to their new place.
 */
export function openApi30AsDraft07(document: unknown): ConvertedDocument {
  const moves = new Map<string, string>();
  const refs: PlainObject[] = [];
  const converted = convert30(document, false, '', moves, refs);
  const pointerInCopy = (pointer: string): string => {
    if (moves.size === 0) return pointer;
    const segments = pointer.split('/');
    let result = pointer;
    // Deepest move first: every shallower one is still a prefix of the result.
    for (let n = segments.length; n > 0; n--) {
      const prefix = segments.slice(0, n).join('/');
      const to = moves.get(prefix);
      if (to !== undefined) result = to + result.slice(prefix.length);
    }
    return result;
  };
  if (moves.size > 0) {
    for (const node of refs) {
      const ref = node.$ref as string;
      let pointer: string;
      try {
        pointer = canonicalPointer(ref);
      } catch {
        continue; // not a local JSON pointer: left for ajv to report
      }
      const moved = pointerInCopy(pointer);
      if (moved !== pointer) node.$ref = pointerToFragment(moved);
    }
  }
  return { document: converted, pointerInCopy };
}

function convert30(value: unknown, isNameMap: boolean, pointer: string, moves: Map<string, string>, refs: PlainObject[]): unknown {
  if (Array.isArray(value)) return value.map((item, i) => convert30(item, false, joinPointer(pointer, i), moves, refs));
  if (!isPlainObject(value)) return value;
  const out: PlainObject = {};
  for (const [key, child] of Object.entries(value)) {
    const data = !isNameMap && isDataEntry(key, child);
    Object.defineProperty(out, key, {
      value: data ? child : convert30(child, childIsNameMap(isNameMap, key, child), joinPointer(pointer, key), moves, refs),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  if (isNameMap) return out;
  if (typeof out.$ref === 'string' && out.$ref.startsWith('#')) refs.push(out);
  if (Object.hasOwn(out, 'nullable')) nullableAsNull(out, pointer, moves);
  exclusiveBoundsAsNumbers(out);
  return out;
}

function nullableAsNull(schema: PlainObject, pointer: string, moves: Map<string, string>): void {
  const nullable = schema.nullable === true;
  delete schema.nullable;
  if (!nullable) return;
  if (typeof schema.type === 'string' && schema.type !== 'null') schema.type = [schema.type, 'null'];
  else if (Array.isArray(schema.type) && !schema.type.includes('null')) schema.type = [...schema.type, 'null'];
  if (Object.hasOwn(schema, 'const') && schema.const !== null) {
    schema.enum = [schema.const, null];
    delete schema.const;
  } else if (Array.isArray(schema.enum) && !schema.enum.includes(null)) {
    schema.enum = [...schema.enum, null];
  }
  const rejecting = NULL_REJECTING.filter((keyword) => Object.hasOwn(schema, keyword));
  if (rejecting.length === 0) return;
  if (rejecting.length === 1 && rejecting[0] === 'anyOf' && Array.isArray(schema.anyOf)) {
    schema.anyOf = [...schema.anyOf, { type: 'null' }];
    return;
  }
  const moved: PlainObject = {};
  for (const keyword of rejecting) {
    moved[keyword] = schema[keyword];
    delete schema[keyword];
    moves.set(joinPointer(pointer, keyword), joinPointer(pointer, 'anyOf', 0, keyword));
  }
  schema.anyOf = [moved, { type: 'null' }];
}
