// The CLI's one entry: finds the command, parses its options strictly (node:util parseArgs),
// runs it, prints the result as JSON or a table, and turns any failure into a documented exit code.
// Pure apart from the injected IO and env, so tests can also run it in-process.
import { parseArgs } from 'node:util';
import { createTroupeClient, type TroupeClient } from '../client/index.ts';
import { actorCommands } from './actors-commands.ts';
import { backupCommand } from './backup-command.ts';
import {
  booleanOptions,
  type Command,
  type OptionsConfig,
  type OptionValues,
  stringOptions,
} from './command.ts';
import { deployCommand } from './deploy-command.ts';
import { describeFailure, EXIT, UsageError } from './exit-codes.ts';
import { type CliIO, type OutputMode, printResult } from './output.ts';
import { pipelineCommands } from './pipelines-commands.ts';
import { startCommand } from './start-command.ts';
import { systemCommands } from './system-commands.ts';
import { typesCommands } from './types-commands.ts';
import { commandHelp, usage } from './usage.ts';
import { watchActor } from './watch-command.ts';

export const COMMANDS: Command[] = [
  startCommand,
  ...actorCommands,
  watchActor,
  ...pipelineCommands,
  deployCommand,
  ...typesCommands,
  ...systemCommands,
  backupCommand,
];

const GLOBAL_OPTIONS: OptionsConfig = {
  ...stringOptions('url', 'token'),
  ...booleanOptions('json', 'table', 'version'),
  help: { type: 'boolean', short: 'h' },
};

export const DEFAULT_URL = 'http://127.0.0.1:3000';

export async function runCli(
  argv: string[],
  io: CliIO,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  // A lenient first pass only to find the command words; the real parse knows the command's options.
  const words = parseArgs({
    args: argv,
    options: GLOBAL_OPTIONS,
    strict: false,
    allowPositionals: true,
  }).positionals;
  const command = findCommand(words);
  const wantsJson = argv.includes('--json') || (!argv.includes('--table') && !io.isTTY);
  const mode: OutputMode = wantsJson ? 'json' : 'table';
  try {
    if (!command) {
      if (words.length === 0 && (argv.includes('--help') || argv.includes('-h'))) {
        io.stdout.write(`${usage(COMMANDS)}\n`);
        return EXIT.ok;
      }
      if (argv.includes('--version')) return printVersion(io);
      throw new UsageError(words.length ? `unknown command: ${words.join(' ')}` : 'no command given');
    }
    const parsed = parseCommandArgs(command, argv);
    if (parsed.values.help) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return EXIT.ok;
    }
    const url = String(parsed.values.url ?? env.TROUPE_URL ?? DEFAULT_URL);
    const token = (parsed.values.token as string | undefined) ?? env.TROUPE_TOKEN;
    let client: TroupeClient | null = null;
    const ctx = { io, env, url, token, client: () => (client ??= createClient(url, token)) };
    const result = await command.run(ctx, parsed.positionals.slice(command.words.length), parsed.values);
    if (result) printResult(io, mode, result);
    return result?.exitCode ?? EXIT.ok;
  } catch (error) {
    const failure = describeFailure(error);
    if (mode === 'json') {
      io.stderr.write(`${JSON.stringify({ error: failure })}\n`);
      return failure.exitCode;
    }
    io.stderr.write(`troupe: ${failure.message}\n`);
    if (error instanceof UsageError) io.stderr.write(`${command ? commandHelp(command) : usage(COMMANDS)}\n`);
    return failure.exitCode;
  }
}

function findCommand(words: string[]): Command | undefined {
  return (
    COMMANDS.find((c) => c.words.length === 2 && c.words[0] === words[0] && c.words[1] === words[1]) ??
    COMMANDS.find((c) => c.words.length === 1 && c.words[0] === words[0])
  );
}

function parseCommandArgs(command: Command, argv: string[]) {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      strict: true,
      allowPositionals: true,
    });
    return { positionals: parsed.positionals, values: parsed.values as OptionValues };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function createClient(url: string, token: string | undefined): TroupeClient {
  try {
    new URL(url);
  } catch {
    throw new UsageError(`--url is not a URL: ${url}`);
  }
  return createTroupeClient({ url, token });
}

async function printVersion(io: CliIO): Promise<number> {
  const { TROUPE_VERSION } = await import('../server/version.ts');
  io.stdout.write(`${TROUPE_VERSION}\n`);
  return EXIT.ok;
}
