import { posix } from 'node:path';
import { StructureKind, type SourceFileStructure } from 'ts-morph';
import type { Emitter } from '../emit/emitter.js';
import { printFile } from '../emit/print.js';
import { stringLiteral } from '../emit/shared/escape.js';
import type { IrSpec } from '../ir/types.js';
import { generatedHeader } from './header.js';
import { MANIFEST_FILE, manifestText } from './manifest.js';
import { runtimeFiles } from './runtime-files.js';

/** Everything generated for one spec: path (relative to `<out>/<spec-name>/`) → file text. */
export interface GeneratedSpec {
  name: string;
  files: Map<string, string>;
}

/**
 * Runs every applicable emitter over the IR, prints the structures, adds the provenance header,
 * an `index.ts` that re-exports the modules, the runtime helpers those modules import, and the
 * `manifest.json` that hashes them all.
 * `specFile` is the spec path as it should appear in headers (relative, forward slashes).
 */
export async function generateSpec(ir: IrSpec, emitters: readonly Emitter[], specFile: string): Promise<GeneratedSpec> {
  const files = new Map<string, string>();
  const add = (path: string, text: string): void => {
    if (files.has(path)) throw new Error(`two emitters both wrote ${path}`);
    files.set(path, (generatedHeader(specFile, ir.sha256, path) ?? '') + text);
  };
  for (const emitter of emitters) {
    if (!emitter.appliesTo(ir)) continue;
    for (const file of emitter.emit(ir)) add(file.path, printFile(file));
  }
  const modules = [...files.keys()].filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts') && !p.includes('/')).sort();
  add('index.ts', printFile({ path: 'index.ts', kind: 'ts', structure: indexStructure(modules) }));
  for (const [path, text] of await neededRuntime(files)) add(path, text);
  add(MANIFEST_FILE, await manifestText(specFile, ir.sha256, files));
  return { name: ir.name, files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

function indexStructure(modules: string[]): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    statements: modules.map((m) => ({
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: JSON.parse(stringLiteral('./' + m.replace(/\.ts$/, '.js'))) as string,
    })),
  };
}

const RUNTIME_IMPORT = /from\s+['"]\.\/(?:runtime\/)?([A-Za-z0-9_-]+)\.js['"]/g;

/** The runtime files the generated modules import, followed transitively through the runtime's own imports. */
async function neededRuntime(files: Map<string, string>): Promise<[string, string][]> {
  const runtime = await runtimeFiles();
  const needed = new Set<string>();
  const visit = (text: string, fromRuntime: boolean): void => {
    for (const match of text.matchAll(fromRuntime ? RUNTIME_IMPORT : /from\s+['"]\.\/runtime\/([A-Za-z0-9_-]+)\.js['"]/g)) {
      const path = posix.join('runtime', `${match[1]}.ts`);
      if (needed.has(path) || !runtime.has(path)) continue;
      needed.add(path);
      visit(runtime.get(path)!, true);
    }
  };
  for (const text of files.values()) visit(text, false);
  return [...needed].sort().map((path) => [path, runtime.get(path)!]);
}
