import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/**
 * Where a spec's files come from: the names of the files its relative `$ref`s point at, and
 * their text. The file system by default; `specgen diff` reads a `git:REV:path` spec and the
 * files it refers to from that revision (see diff/git-files.ts).
 */
export interface SpecFiles {
  /** The file named by a `$ref`'s (URI-decoded) path, relative to the file holding the ref. */
  relative(fromFile: string, path: string): string;
  /** One key per file, however its name is spelled. */
  key(file: string): string;
  /** The file's text; rejects with an Error whose message says why it cannot be read. */
  read(file: string): Promise<string>;
}

export const fileSystem: SpecFiles = {
  relative: (fromFile, path) => join(dirname(fromFile), path),
  key: (file) => resolve(file),
  read: (file) => readFile(file, 'utf8'),
};
