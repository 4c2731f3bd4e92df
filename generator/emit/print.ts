import { IndentationText, NewLineKind, Project, QuoteKind } from 'ts-morph';
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
  const p = printer();
  const source = p.createSourceFile(`/print/${file.path}`, file.structure, { overwrite: true });
  const text = source.getFullText();
  p.removeSourceFile(source);
  return text.endsWith('\n') ? text : text + '\n';
}
