import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit codes shared by every verb. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Verb {
  name: string;
  /** One line for the tool's help. */
  summary: string;
  /** `specgen <name> …` usage line(s). */
  usage: string;
  /** Longer help: options and examples. */
  help: string;
  options: Options;
  allowPositionals: boolean;
  run(args: { values: Record<string, unknown>; positionals: string[] }, io: Io): Promise<number>;
}

/** Where verbs print. Tests pass their own to capture output. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
}

// A reader that stops early (`specgen lint | head`) closes the pipe: that is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

export const processIo: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  cwd: process.cwd(),
};

export class UsageError extends Error {}

/** Parses a verb's arguments; unknown flags or bad values become a UsageError. */
export function parseVerbArgs(verb: Verb, argv: string[]): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...verb.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: verb.allowPositionals,
      strict: true,
    });
    return { values: values as Record<string, unknown>, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** An integer flag value, or a UsageError naming the flag. */
export function intOption(values: Record<string, unknown>, name: string, fallback: number, min = 0): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}`);
  return n;
}
