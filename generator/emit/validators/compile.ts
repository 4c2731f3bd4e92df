import { Ajv2020, type AnySchema, type AnySchemaObject, type Options } from 'ajv/dist/2020.js';
import type { SchemaEnv } from 'ajv/dist/compile/index.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { canonicalPointer, escapeSegment } from '../../load/pointer.js';
import type { ProtoPattern } from '../../load/proto-properties.js';
import { RecentlyCompiled, refsWithin, schemaClosure } from '../../load/schema-closure.js';
import { pointerOfFragment, refTo, SPEC_ID } from './fragment.js';
import { prepareDocument } from './prepare.js';
import { followBareRefs, valueAt } from './ref-chain.js';

/** A schema built for a validator, outside the document. */
export interface BuiltSchema {
  /** Reaches into the document only through `refTo(pointer)`. */
  schema: AnySchemaObject;
  /**
   * Spec pointers for the errors this schema reports itself (not through a `$ref`), keyed by
   * ajv's schema path relative to it, e.g. `/allOf/0/required`; `null` leaves the error at
   * the validator's own `schemaPointer`, whatever spec object that validator stands for. Any
   * other error of its own means the schema was built wrong, and stops the compilation.
   */
  ownErrors: Record<string, string | null>;
}

/** One exported function of a standalone module: a schema of the document, or one built for it. */
export type CompileTarget = { exportName: string } & ({ pointer: string } | BuiltSchema);

export interface StandaloneOptions {
  /** Coerce strings to the schema's types in place (parameter objects arrive as strings). */
  coerce: boolean;
}

/**
 * ajv's standalone ESM code with one export per target, for schemas of `document` (the IR
 * document, not modified).
 *
 * The document is added to one Ajv instance and every target is compiled through a single
 * schema beside it, so each subschema becomes one function shared by every export that uses it.
 * ajv reports an error's schema path relative to the function that found it; those paths are
 * rewritten to absolute `spec#<pointer>` URIs, so issues name the keyword's place in the spec.
 */
export function standaloneModule(document: Record<string, unknown>, targets: readonly CompileTarget[], options: StandaloneOptions): string {
  const key = reuseKey(document, targets, options);
  const reused = key === undefined ? undefined : recent.get(key);
  if (reused !== undefined) {
    stats.reused++;
    return reused;
  }
  const code = compileModule(document, targets, options);
  stats.compiled++;
  if (key !== undefined) recent.remember(key, code);
  return code;
}

const stats = { compiled: 0, reused: 0 };

/** How many modules this process compiled, and how many it reused (see `recent`). */
export function standaloneStats(): Readonly<typeof stats> {
  return { ...stats };
}

/** Forgets the modules compiled so far: the next call of each compiles. */
export function forgetStandaloneModules(): void {
  recent.clear();
}

/**
 * Modules compiled lately, by `reuseKey`: `generate --watch` compiles only the modules an edit
 * reaches (an edit of a description, an example or a response body leaves the parameters' module
 * alone).
 */
const recent = new RecentlyCompiled<string>(8);

/**
 * Everything the module's code depends on: the schemas the targets reach (`schemaClosure`), the
 * targets, the options and the document's top-level keys (they name the holder of built schemas).
 * Undefined when the closure cannot be told (then nothing is reused).
 */
function reuseKey(document: Record<string, unknown>, targets: readonly CompileTarget[], options: StandaloneOptions): string | undefined {
  const roots = targets.flatMap((t) => ('schema' in t ? builtRefs(t.schema) : [t.pointer]));
  const closure = schemaClosure(document, roots);
  if (closure === undefined) return undefined;
  return RecentlyCompiled.keyOf([closure, targets, options, Object.keys(document).sort()]);
}

/** The document pointers a built schema refers to (its `$ref`s are all `refTo(pointer)`). */
function builtRefs(schema: unknown): string[] {
  const prefix = `${SPEC_ID}#`;
  return refsWithin(schema)
    .filter((ref) => ref.startsWith(prefix))
    .map((ref) => canonicalPointer(ref.slice(SPEC_ID.length)));
}

function compileModule(document: Record<string, unknown>, targets: readonly CompileTarget[], options: StandaloneOptions): string {
  const compiled: SchemaEnv[] = [];
  const ajv = new Ajv2020(ajvOptions(options, compiled));
  addFormats.default(ajv);
  const isKeyword = (key: string): boolean => Boolean(ajv.RULES.all[key]);

  const copy = structuredClone(document);
  const protoPatterns = prepareDocument(copy, isKeyword);
  // A boolean schema has no function of its own (ajv inlines it wherever it is used): give it one.
  const functions = targets.map((t): CompileTarget => {
    if ('schema' in t || typeof valueAt(copy, followBareRefs(copy, t.pointer, isKeyword)) !== 'boolean') return t;
    return { exportName: t.exportName, schema: { allOf: [{ $ref: refTo(t.pointer) }] }, ownErrors: {} };
  });
  const holder = unusedKey(copy);
  copy[holder] = {
    $defs: Object.fromEntries(functions.flatMap((t) => ('schema' in t ? [[t.exportName, t.schema]] : []))),
    allOf: functions.map((t) => ({ $ref: refTo('schema' in t ? `/${holder}/$defs/${escapeSegment(t.exportName)}` : t.pointer) })),
  };
  ajv.addSchema(copy, SPEC_ID);
  if (!ajv.getSchema(refTo(`/${holder}`))) throw new Error('ajv could not compile the validators');

  absoluteErrorPaths(compiled, copy, functions, protoPatterns);
  const schemaOf = (t: CompileTarget): AnySchema => ('schema' in t ? t.schema : (valueAt(copy, followBareRefs(copy, t.pointer, isKeyword)) as AnySchema));
  const { exports, aliases } = exportFunctions(ajv, compiled, functions, schemaOf);
  return esmPrelude([standaloneCode.default(ajv, exports), ...aliases].join('\n'));
}

function ajvOptions({ coerce }: StandaloneOptions, compiled: SchemaEnv[]): Options {
  return {
    strict: false,
    allErrors: true,
    // `required: ['toString']` must not be satisfied by Object.prototype.
    ownProperties: true,
    coerceTypes: coerce ? 'array' : false,
    // Every `$ref` to a schema object becomes a call: each subschema is compiled once, and every
    // error path is relative to a function whose schema has a known pointer.
    inlineRefs: false,
    // The linter checks the spec; the document as a whole is no schema to check.
    validateSchema: false,
    logger: false,
    code: {
      source: true,
      esm: true,
      lines: false,
      // ajv's name-inlining pass costs a third of the compilation on large specs (GitHub's: 16 s →
      // 11 s without it) for code about 10% smaller; V8 inlines such locals anyway.
      optimize: false,
      // Sees every schema ajv compiles into a function; the code itself is left unchanged.
      process: (code, env) => {
        if (env) compiled.push(env);
        return code;
      },
    },
  };
}

/** A top-level key the document does not use, to hold the validators' own schemas. */
function unusedKey(document: Record<string, unknown>): string {
  let key = 'x-specgen-validators';
  for (let n = 2; Object.prototype.hasOwnProperty.call(document, key); n++) key = `x-specgen-validators-${n}`;
  return key;
}

/**
 * ajv writes each error's schema path as a string literal `schemaPath:"#<fragment>"`, relative
 * to the function's schema (paths of inlined `$ref`s are the absolute `$ref` itself). In the
 * generated code that sequence can only be an error object: inside a string or regex literal
 * ajv escapes the quote. Fragments are percent-encoded, so they never contain quotes.
 */
const RELATIVE_SCHEMA_PATH = /schemaPath:"#([^"\\]*)"/g;

/** Rewrites every function's relative error schema paths into absolute ones (see `RELATIVE_SCHEMA_PATH`). */
function absoluteErrorPaths(compiled: readonly SchemaEnv[], copy: Record<string, unknown>, targets: readonly CompileTarget[], protoPatterns: readonly ProtoPattern[]): void {
  const pointers = pointersOf(copy);
  const built = new Map<AnySchema, Record<string, string | null>>(targets.flatMap((t) => ('schema' in t ? [[t.schema, t.ownErrors]] : [])));
  for (const env of compiled) {
    const source = env.validate?.source;
    if (!source) throw new Error('ajv compiled a schema without keeping its source');
    const ownErrors = built.get(env.schema);
    const pointer = typeof env.schema === 'object' ? pointers.get(env.schema) : undefined;
    let absolute: (relativeFragment: string) => string;
    if (ownErrors) absolute = (rel) => ownError(ownErrors, rel);
    else if (pointer !== undefined) absolute = (rel) => refTo(pointer) + rel;
    else throw new Error('ajv compiled a schema that is neither in the document nor a validator');
    source.validateCode = source.validateCode.replace(RELATIVE_SCHEMA_PATH, (_match, rel: string) => `schemaPath:${JSON.stringify(specPlace(absolute(rel), protoPatterns))}`);
  }
}

/** An absolute schema path in the place the spec wrote it (see `ProtoPattern`). */
function specPlace(uri: string, protoPatterns: readonly ProtoPattern[]): string {
  for (const { added, property } of protoPatterns) {
    const from = refTo(added);
    if (uri === from || uri.startsWith(`${from}/`)) return refTo(property) + uri.slice(from.length);
  }
  return uri;
}

/** Every object of the document by identity → its JSON pointer (first occurrence). */
function pointersOf(root: unknown): Map<object, string> {
  const pointers = new Map<object, string>();
  const stack: [unknown, string][] = [[root, '']];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, pointer] = next;
    if (node === null || typeof node !== 'object' || pointers.has(node)) continue;
    pointers.set(node, pointer);
    const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
    for (const [key, value] of [...entries].reverse()) stack.push([value, `${pointer}/${escapeSegment(key)}`]);
  }
  return pointers;
}

/** The schema path of an error a built schema reports itself: absolute, or `#` for the validator's own pointer. */
function ownError(ownErrors: Record<string, string | null>, relativeFragment: string): string {
  const rel = pointerOfFragment(relativeFragment);
  const pointer = Object.prototype.hasOwnProperty.call(ownErrors, rel) ? ownErrors[rel] : undefined;
  if (pointer === undefined) throw new Error(`a built validator schema reports an unexpected error at #${relativeFragment}`);
  return pointer === null ? '#' : refTo(pointer);
}

/**
 * The `standaloneCode` exports: each target's own function rather than a wrapper calling it,
 * registered under the export name where `standaloneCode` looks exports up. Targets sharing a
 * function share its export through an alias (ajv would write the function out once per export).
 */
function exportFunctions(
  ajv: Ajv2020,
  compiled: readonly SchemaEnv[],
  targets: readonly CompileTarget[],
  schemaOf: (t: CompileTarget) => AnySchema,
): { exports: Record<string, string>; aliases: string[] } {
  const envBySchema = new Map<AnySchema, SchemaEnv>();
  for (const env of compiled) if (!envBySchema.has(env.schema)) envBySchema.set(env.schema, env);
  const exports: Record<string, string> = {};
  const exportOf = new Map<SchemaEnv, string>();
  const aliases: string[] = [];
  for (const t of targets) {
    const env = envBySchema.get(schemaOf(t));
    if (!env) throw new Error(`no compiled function for validator ${t.exportName}`);
    const shared = exportOf.get(env);
    if (shared !== undefined) {
      aliases.push(`export const ${t.exportName} = ${shared};`);
      continue;
    }
    const key = `specgen-export:${t.exportName}`;
    ajv.refs[key] = env;
    exports[t.exportName] = key;
    exportOf.set(env, t.exportName);
  }
  return { exports, aliases };
}

/**
 * ajv's standalone code loads its runtime helpers (deep equality, Unicode length, ajv-formats'
 * format functions) with `require`, which ES modules do not have; give the module one.
 */
function esmPrelude(code: string): string {
  if (!code.includes('require(')) return `${code}\n`;
  return `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n${code}\n`;
}
