import { IndentationText, NewLineKind, Project, QuoteKind, type CodeBlockWriter, type SourceFileStructure } from 'ts-morph';
import type { EmittedFile } from './emitter.js';

let project: Project | undefined;

/** One in-memory project for all printing: creating a Project is the expensive part. */
function printer(): Project {
  project ??= new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Single,
      useTrailingCommas: true,
    },
  });
  return project;
}

/** Text of one emitted file. TypeScript structures are printed by ts-morph; text passes through. */
export function printFile(file: EmittedFile): string {
  if (file.kind === 'text') return file.text;
  const text = structureText(file.path, file.structure);
  return text.endsWith('\n') ? text : text + '\n';
}

/** A ts-morph structure printer (internal API). */
interface StructurePrinter<T> {
  printText(writer: CodeBlockWriter, structure: T): void;
  printTexts(writer: CodeBlockWriter, structures: unknown): void;
}

/** The part of ts-morph's project internals that turns a structure into text. */
interface StructurePrinting {
  structurePrinterFactory: {
    forSourceFile(options: { isAmbient: boolean }): StructurePrinter<SourceFileStructure>;
    forVariableDeclaration?(): Partial<StructurePrinter<unknown>>;
  };
}

const singleDeclarationsPrinted = new WeakSet<object>();

/**
 * ts-morph prints the declarations of a variable statement as a comma-separated list: after each
 * one it copies the text just written character by character and rescans it to find where a
 * comma would go, even after the last one, which never gets one. For `const x = <huge literal>`
 * that is most of the printing time. A statement with one declaration has no comma to place, so
 * its declaration is printed directly: the same text (ts-morph's printer is memoised per factory,
 * so this touches only the printing project's own printer).
 */
function printSingleDeclarationsDirectly(factory: StructurePrinting['structurePrinterFactory']): void {
  const declarations = factory.forVariableDeclaration?.();
  if (!declarations || singleDeclarationsPrinted.has(declarations)) return;
  const { printText, printTexts } = declarations;
  if (typeof printText !== 'function' || typeof printTexts !== 'function') return;
  declarations.printTexts = function (this: StructurePrinter<unknown>, writer: CodeBlockWriter, structures: unknown): void {
    if (Array.isArray(structures) && structures.length === 1) this.printText(writer, structures[0]);
    else printTexts.call(this, writer, structures);
  };
  singleDeclarationsPrinted.add(declarations);
}

/**
 * ts-morph's `createSourceFile(path, structure)` prints the structure and then parses the text
 * into a TypeScript AST, which printing does not need and which takes most of the time on large
 * files. This runs the same structure printer (through the project's internals, ts-morph being
 * pinned) and stops at the text; without those internals it takes the public route.
 */
export function structureText(path: string, structure: SourceFileStructure): string {
  const p = printer();
  const context = (p as unknown as { _context?: Partial<StructurePrinting> })._context;
  if (typeof context?.structurePrinterFactory?.forSourceFile === 'function') {
    printSingleDeclarationsDirectly(context.structurePrinterFactory);
    const writer = p.createWriter();
    context.structurePrinterFactory.forSourceFile({ isAmbient: path.endsWith('.d.ts') }).printText(writer, structure);
    return writer.toString();
  }
  return parsedText(path, structure);
}

/** The public route: create a source file from the structure, read its text back. */
export function parsedText(path: string, structure: SourceFileStructure): string {
  const p = printer();
  const source = p.createSourceFile(`/print/${path}`, structure, { overwrite: true });
  const text = source.getFullText();
  p.removeSourceFile(source);
  return text;
}
