import { basename } from 'node:path';
import type { Diagnostic } from './diagnostic.js';
import { diagnosticAt } from './located.js';
import { canonicalPointer, getAt, hasAt, joinPointer, pointerToFragment } from './pointer.js';
import { readProblem, readSourceFile, type SourceFile } from './source.js';
import { fileSystem, type SpecFiles } from './spec-files.js';
import { childIsNameMap, isDataEntry, isPlainObject, refOf, visitStructure, type PlainObject } from './walk.js';

/**
 * `$ref` resolution. External file targets are inlined at the referencing node (bundling), so the
 * result holds internal refs only; internal refs are kept and checked (dangling, cycles).
 */
export interface ResolvedRefs {
  /** The main document with external targets inlined (the same object as `source.value` when none were). */
  document: unknown;
  diagnostics: Diagnostic[];
  /** External files that were read, for watchers. */
  externalFiles: string[];
  /**
   * `main`, locating the pointers of the bundled document: a node inlined from another file is
   * found in that file (the same object as `main` when nothing was inlined).
   */
  located: SourceFile;
}

/** Where an inlined external value came from: it sits at `at` in the bundled document. */
interface Origin {
  at: string;
  source: SourceFile;
  pointer: string;
}

interface RefTarget {
  file: string;
  /** A JSON pointer (`''` or `/…`) or a plain-name fragment (`$anchor`). */
  fragment: string;
}

/** Where a `$ref` node sits, for locating what is wrong with it. */
interface RefSite {
  source: SourceFile;
  pointer: string;
}

export async function resolveRefs(main: SourceFile, specFiles: SpecFiles = fileSystem): Promise<ResolvedRefs> {
  const files = await readExternalFiles(main, specFiles);
  const diagnostics: Diagnostic[] = [];
  for (const file of files.values()) if (file.source) diagnostics.push(...file.source.diagnostics);
  const bundler = new Bundler(main, files, specFiles, diagnostics);
  const document = bundler.bundle(main.value, main, '', '', false);
  const located = locatedThroughOrigins(main, bundler.origins);
  diagnostics.push(...checkInternalRefs(document, located, bundler.unresolved));
  const externalFiles = [...files.values()].map((f) => f.path).sort();
  return { document, diagnostics, externalFiles, located };
}

/**
 * Positions of bundled-document pointers: under an inlined value (the deepest one), in the file
 * it came from; anything else, or a `$ref`'s sibling keys merged into the value, in `main`.
 */
function locatedThroughOrigins(main: SourceFile, origins: readonly Origin[]): SourceFile {
  if (origins.length === 0) return main;
  const byPlace = new Map(origins.map((o) => [o.at, o]));
  const place = (pointer: string): { source: SourceFile; pointer: string } => {
    // The pointer itself, then each shorter prefix of it: the deepest origin first.
    for (let end = pointer.length; end > 0; end = pointer.lastIndexOf('/', end - 1)) {
      const origin = byPlace.get(pointer.slice(0, end));
      if (!origin) continue;
      const inOrigin = origin.pointer + pointer.slice(end);
      if (hasAt(origin.source.value, inOrigin)) return { source: origin.source, pointer: inOrigin };
    }
    return { source: main, pointer };
  };
  return {
    ...main,
    positionOf: (pointer) => {
      const at = place(pointer);
      return at.source.positionOf(at.pointer);
    },
    keyPositionOf: (pointer) => {
      const at = place(pointer);
      return at.source.keyPositionOf(at.pointer);
    },
  };
}

/** A URL ref (`https://…`) has a scheme; a Windows drive path (`C:\…`) does not count as one. */
function parseRef(ref: string, baseFile: string, specFiles: SpecFiles): RefTarget | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) && !/^[a-z]:[\\/]/i.test(ref)) return undefined;
  const hash = ref.indexOf('#');
  const path = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? '' : ref.slice(hash + 1);
  return { file: path === '' ? baseFile : specFiles.relative(baseFile, decodeUri(path)), fragment };
}

function decodeUri(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

const isPointerFragment = (fragment: string): boolean => fragment === '' || fragment.startsWith('/');

interface ExternalFile {
  path: string;
  source?: SourceFile;
  /** Why it could not be read. */
  problem?: string;
}

/** Reads every file reachable through external refs, breadth first, in parallel per level. */
async function readExternalFiles(main: SourceFile, specFiles: SpecFiles): Promise<Map<string, ExternalFile>> {
  const mainKey = specFiles.key(main.file);
  const files = new Map<string, ExternalFile>();
  let level: SourceFile[] = [main];
  while (level.length > 0) {
    const wanted = new Map<string, string>();
    for (const source of level) {
      visitStructure(source.value, (node) => {
        const ref = refOf(node);
        const target = ref === undefined ? undefined : parseRef(ref, source.file, specFiles);
        if (!target) return;
        const key = specFiles.key(target.file);
        if (key === mainKey) return;
        if (!files.has(key) && !wanted.has(key)) wanted.set(key, target.file);
      });
    }
    const read = await Promise.all(
      [...wanted].map(async ([key, path]): Promise<[string, ExternalFile]> => {
        try {
          return [key, { path, source: await readSourceFile(path, specFiles) }];
        } catch (error) {
          return [key, { path, problem: readProblem(error) }];
        }
      }),
    );
    for (const [key, file] of read) files.set(key, file);
    level = read.flatMap(([, file]) => (file.source ? [file.source] : []));
  }
  return files;
}

class Bundler {
  /** `file#pointer` of each inlined external target → where it now lives in the main document. */
  private readonly inlined = new Map<string, string>();
  /** Reference nodes left as they were because they could not be resolved (already reported). */
  readonly unresolved = new WeakSet<object>();
  /** Each inlined value's place in the bundled document and in its own file. */
  readonly origins: Origin[] = [];

  constructor(
    private readonly main: SourceFile,
    private readonly files: Map<string, ExternalFile>,
    private readonly specFiles: SpecFiles,
    private readonly diagnostics: Diagnostic[],
  ) {}

  /** `value` sits at `pointer` in `source` and lands at `outPointer` in the main document. */
  bundle(value: unknown, source: SourceFile, pointer: string, outPointer: string, isNameMap: boolean): unknown {
    if (Array.isArray(value)) {
      let changed = false;
      const items = value.map((item, i) => {
        const bundled = this.bundle(item, source, joinPointer(pointer, i), joinPointer(outPointer, i), false);
        changed ||= bundled !== item;
        return bundled;
      });
      return changed ? items : value;
    }
    if (!isPlainObject(value)) return value;
    const ref = refOf(value);
    if (ref !== undefined) {
      const replaced = this.replaceRef(value, ref, { source, pointer }, outPointer);
      if (replaced !== undefined) return replaced;
    }
    return this.bundleChildren(value, source, pointer, outPointer, isNameMap, false);
  }

  private bundleChildren(
    value: PlainObject,
    source: SourceFile,
    pointer: string,
    outPointer: string,
    isNameMap: boolean,
    dropRef: boolean,
  ): PlainObject {
    let out: PlainObject | undefined = dropRef ? {} : undefined;
    for (const [key, child] of Object.entries(value)) {
      if (dropRef && key === '$ref') continue;
      let bundled = child;
      if (child !== null && typeof child === 'object' && (isNameMap || !isDataEntry(key, child))) {
        const childPointer = joinPointer(pointer, key);
        bundled = this.bundle(child, source, childPointer, joinPointer(outPointer, key), childIsNameMap(isNameMap, key, child));
      }
      if (bundled !== child && !out) out = copyEntries(value, Object.keys(value).indexOf(key));
      if (out) setOwn(out, key, bundled);
    }
    return out ?? value;
  }

  /**
   * The replacement for a reference node, or undefined when it stays as it is (an internal ref of
   * the main document, checked once bundling is done). Refs into the main file from elsewhere, or
   * naming it, become internal refs.
   */
  private replaceRef(node: PlainObject, ref: string, site: RefSite, outPointer: string): unknown {
    let target = parseRef(ref, site.source.file, this.specFiles);
    if (!target) return this.fail(node, site, 'ref-remote-unsupported', `remote $ref '${ref}' is not supported: copy its target into a local file`);
    if (site.source === this.main && ref.startsWith('#')) return undefined;

    const siblings = (): PlainObject => this.bundleChildren(node, site.source, site.pointer, outPointer, false, true);
    let at = site;
    let shownRef = ref;
    const seen: string[] = [];
    const shown: string[] = [];
    for (;;) {
      const fileKey = this.specFiles.key(target.file);
      if (fileKey === this.specFiles.key(this.main.file)) return { $ref: '#' + target.fragment, ...siblings() };
      const key = `${fileKey}#${isPointerFragment(target.fragment) ? canonicalPointer('#' + target.fragment) : target.fragment}`;
      shown.push(`${basename(target.file)}#${target.fragment}`);
      if (seen.includes(key)) {
        return this.fail(node, at, 'ref-cycle', `$ref cycle: ${shown.join(' → ')} (a reference must lead to a value)`);
      }
      seen.push(key);
      const file = this.files.get(fileKey);
      if (!file?.source) return this.fail(node, at, 'ref-external-unreadable', `cannot read the file of $ref '${shownRef}': ${file?.problem ?? 'not read'}`);
      const document = file.source.value;
      if (document === undefined) return this.fail(node, at, undefined, '');
      if (!isPointerFragment(target.fragment)) {
        return this.fail(node, at, 'ref-dangling', `$ref '${shownRef}' uses a plain-name fragment, supported only inside the spec file`);
      }
      const pointer = canonicalPointer('#' + target.fragment);
      if (!hasAt(document, pointer)) return this.fail(node, at, 'ref-dangling', `$ref '${shownRef}' points at nothing`);
      const found = getAt(document, pointer);
      const next = refOf(found);
      if (next !== undefined) {
        at = { source: file.source, pointer };
        shownRef = next;
        target = parseRef(next, file.source.file, this.specFiles);
        if (!target) return this.fail(node, at, 'ref-remote-unsupported', `remote $ref '${next}' is not supported: copy its target into a local file`);
        continue;
      }
      const existing = this.inlined.get(key);
      if (existing !== undefined) return { $ref: pointerToFragment(existing), ...siblings() };
      this.inlined.set(key, outPointer);
      this.origins.push({ at: outPointer, source: file.source, pointer });
      const content = this.bundle(found, file.source, pointer, outPointer, false);
      const extra = siblings();
      return isPlainObject(content) && Object.keys(extra).length > 0 ? { ...content, ...extra } : content;
    }
  }

  /** Reports (unless `code` is undefined: already reported) and keeps the node as it was. */
  private fail(node: PlainObject, at: RefSite, code: string | undefined, message: string): PlainObject {
    if (code !== undefined) {
      this.diagnostics.push(diagnosticAt(at.source, at.pointer, code, message, { locateAt: joinPointer(at.pointer, '$ref') }));
    }
    this.unresolved.add(node);
    return node;
  }
}

/** A shallow copy of the first `count` entries, safe for keys such as `__proto__`. */
function copyEntries(value: PlainObject, count: number): PlainObject {
  const out: PlainObject = {};
  for (const key of Object.keys(value).slice(0, count)) setOwn(out, key, value[key]);
  return out;
}

function setOwn(target: PlainObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

interface InternalRef {
  pointer: string;
  ref: string;
}

/** Dangling and cyclic internal refs of the bundled main document. */
function checkInternalRefs(document: unknown, main: SourceFile, skip: WeakSet<object>): Diagnostic[] {
  const refs: InternalRef[] = [];
  const anchors = new Set<string>();
  visitStructure(document, (node, pointer) => {
    for (const key of ['$anchor', '$dynamicAnchor']) if (typeof node[key] === 'string') anchors.add(node[key]);
    const ref = refOf(node);
    if (ref?.startsWith('#') && !skip.has(node)) refs.push({ pointer, ref });
  });
  const diagnostics: Diagnostic[] = [];
  const report = (at: InternalRef, code: string, message: string): void => {
    diagnostics.push(diagnosticAt(main, at.pointer, code, message, { locateAt: joinPointer(at.pointer, '$ref') }));
  };
  const reportedCycles = new Set<string>();
  for (const at of refs) {
    const fragment = at.ref.slice(1);
    if (!isPointerFragment(fragment)) {
      if (!anchors.has(fragment)) report(at, 'ref-dangling', `$ref '${at.ref}' names no $anchor of this document`);
      continue;
    }
    if (!hasAt(document, at.ref)) {
      report(at, 'ref-dangling', `$ref '${at.ref}' points at nothing`);
      continue;
    }
    if (reportedCycles.has(at.pointer)) continue;
    const cycle = refCycleFrom(document, at.pointer);
    if (cycle?.[0] === at.pointer) {
      for (const member of cycle) reportedCycles.add(member);
      report(at, 'ref-cycle', `$ref cycle: ${[...cycle, at.pointer].map((p) => '#' + p).join(' → ')} (a reference must lead to a value)`);
    }
  }
  return diagnostics;
}

/**
 * Follows a chain of nodes that are only references, starting at `start`. Returns the cycle it ends
 * in (beginning with `start` when `start` is part of it), or undefined when it reaches a value.
 */
function refCycleFrom(document: unknown, start: string): string[] | undefined {
  const chain = [start];
  let ref = refOf(getAt(document, start));
  while (ref?.startsWith('#') && isPointerFragment(ref.slice(1)) && hasAt(document, ref)) {
    const next = canonicalPointer(ref);
    const index = chain.indexOf(next);
    if (index >= 0) return chain.slice(index);
    chain.push(next);
    ref = refOf(getAt(document, next));
  }
  return undefined;
}

/** Follows internal refs from `pointer` to the object they lead to. */
export function followRef(document: unknown, pointer: string): { pointer: string; node: PlainObject } | undefined {
  const seen = new Set<string>();
  let at = pointer;
  for (;;) {
    const node = getAt(document, at);
    if (!isPlainObject(node)) return undefined;
    const ref = refOf(node);
    if (ref === undefined) return { pointer: at, node };
    if (!ref.startsWith('#/') || seen.has(at) || !hasAt(document, ref)) return undefined;
    seen.add(at);
    at = canonicalPointer(ref);
  }
}
