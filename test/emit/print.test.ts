import { IndentationText, NewLineKind, Project, QuoteKind, StructureKind, VariableDeclarationKind, type SourceFileStructure } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { emitters } from '../../generator/emit/registry.js';
import { printFile, structureText } from '../../generator/emit/print.js';
import { fixtureDir, irOf, specDir, specFiles } from './fixtures.js';

/**
 * printFile skips ts-morph's parse of the printed text and prints single declarations directly;
 * the text must stay exactly what ts-morph's public route gives, on a project of its own (so
 * nothing done to the printing project's printers can leak into the reference).
 */
const reference = new Project({
  useInMemoryFileSystem: true,
  skipLoadingLibFiles: true,
  manipulationSettings: {
    indentationText: IndentationText.TwoSpaces,
    newLineKind: NewLineKind.LineFeed,
    quoteKind: QuoteKind.Single,
    useTrailingCommas: true,
  },
});

function publicRoute(path: string, structure: SourceFileStructure): string {
  const source = reference.createSourceFile(`/reference/${path}`, structure, { overwrite: true });
  const text = source.getFullText();
  reference.removeSourceFile(source);
  return text;
}

const statements: SourceFileStructure = {
  kind: StructureKind.SourceFile,
  statements: [
    { kind: StructureKind.VariableStatement, isExported: true, declarationKind: VariableDeclarationKind.Const, docs: ['One.'], declarations: [{ name: 'a', type: 'number', initializer: '1' }] },
    { kind: StructureKind.VariableStatement, declarationKind: VariableDeclarationKind.Let, declarations: [{ name: 'b', initializer: '{ x: [1, 2], y: `t${1}` }' }, { name: 'c', initializer: "'c' // trailing" }, { name: 'd' }] },
    { kind: StructureKind.VariableStatement, declarationKind: VariableDeclarationKind.Const, declarations: [{ name: 'e', initializer: (w) => w.write('[').newLine().indent().write('1,').newLine().write(']') }] },
    { kind: StructureKind.Interface, name: 'I', properties: [{ name: 'p', type: 'string', hasQuestionToken: true }] },
    { kind: StructureKind.TypeAlias, name: 'T', type: '{ a: string } | null', isExported: true },
  ],
};

describe('printFile', () => {
  it('prints statements (one and several declarations, writer functions) as ts-morph does', () => {
    expect(structureText('a.ts', statements)).toBe(publicRoute('a.ts', statements));
    // Several declarations keep ts-morph's comma placement (before a trailing comment).
    expect(structureText('a.ts', statements)).toContain("let b = { x: [1, 2], y: `t${1}` }, c = 'c', // trailing");
  });

  it('prints a declaration file as ambient', () => {
    const ambient: SourceFileStructure = {
      kind: StructureKind.SourceFile,
      statements: [{ kind: StructureKind.Function, name: 'f', isExported: true, returnType: 'void', statements: ['return;'] }],
    };
    expect(structureText('x.d.ts', ambient)).toBe(publicRoute('x.d.ts', ambient));
    expect(structureText('x.d.ts', ambient)).not.toContain('return;');
    expect(structureText('x.ts', ambient)).toContain('return;');
  });

  it('gives every emitter output of the fixtures and specs exactly the public route text', async () => {
    const files = [...(await specFiles(fixtureDir)), ...(await specFiles(specDir))];
    let compared = 0;
    for (const file of files) {
      const ir = await irOf(file);
      for (const emitter of emitters) {
        if (!emitter.appliesTo(ir)) continue;
        for (const emitted of emitter.emit(ir)) {
          if (emitted.kind !== 'ts') continue;
          const expected = publicRoute(emitted.path, emitted.structure);
          expect(printFile(emitted), `${file} ${emitted.path}`).toBe(expected.endsWith('\n') ? expected : expected + '\n');
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(10);
  });
});
