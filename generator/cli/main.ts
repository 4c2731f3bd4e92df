import { EXIT_OK, EXIT_USAGE, UsageError, parseVerbArgs, processIo, type Io, type Verb } from './verb.js';
import { verbs } from './verbs/index.js';

function toolHelp(): string {
  const width = Math.max(...verbs.map((v) => v.name.length));
  return [
    'specgen: spec-driven code generator and contract tester for REST (OpenAPI 3.1) and MQTT (AsyncAPI 3.0)',
    '',
    'Usage: specgen <verb> [options]',
    '',
    'Verbs:',
    ...verbs.map((v) => `  ${v.name.padEnd(width)}  ${v.summary}`),
    '',
    'Run `specgen <verb> --help` for a verb\'s options.',
    'Exit codes: 0 ok, 1 findings (drift, failed contract checks, breaking changes), 2 bad input (spec errors) or usage.',
  ].join('\n');
}

function verbHelp(verb: Verb): string {
  return [`Usage: ${verb.usage}`, '', verb.summary, '', verb.help.trimEnd()].join('\n');
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? verbs.find((v) => v.name === rest[0]) : undefined;
    io.out(topic ? verbHelp(topic) : toolHelp());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    io.out(pkg.version);
    return EXIT_OK;
  }
  const verb = verbs.find((v) => v.name === name);
  if (!verb) {
    io.err(`specgen: unknown verb '${name}'. Verbs: ${verbs.map((v) => v.name).join(', ')}. See specgen --help.`);
    return EXIT_USAGE;
  }
  try {
    const args = parseVerbArgs(verb, rest);
    if (args.values.help) {
      io.out(verbHelp(verb));
      return EXIT_OK;
    }
    return await verb.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`specgen ${verb.name}: ${error.message}`);
      io.err(`Usage: ${verb.usage}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
