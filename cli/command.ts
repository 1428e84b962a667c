// The shape of a CLI command: its words, usage, options (node:util parseArgs config) and a run
// function that returns data. Commands never print results or exit themselves: run-cli does both.
import type { ParseArgsConfig } from 'node:util';
import type { TroupeClient } from '../client/index.ts';
import { UsageError } from './exit-codes.ts';
import { type CliIO, type Column, type CommandResult, tableResult } from './output.ts';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  io: CliIO;
  /** The control-plane client for --url/--token (created on first use). */
  client(): TroupeClient;
  url: string;
  /** --token / TROUPE_TOKEN, for requests made without the client (troupe backup). */
  token: string | undefined;
  env: Record<string, string | undefined>;
}

export interface Command {
  /** e.g. ['actors', 'list'] */
  words: string[];
  /** Positional arguments after the words, for the usage line, e.g. '<type> <key>'. */
  args?: string;
  summary: string;
  options?: OptionsConfig;
  /** Lines describing the options, for --help. */
  help?: string[];
  run(ctx: CommandContext, positionals: string[], values: OptionValues): Promise<CommandResult | undefined>;
}

/** parseArgs config for options that each take one value (`--limit 10`). */
export function stringOptions(...names: string[]): OptionsConfig {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' }]));
}

/** parseArgs config for options that are present or not (`--all`). */
export function booleanOptions(...names: string[]): OptionsConfig {
  return Object.fromEntries(names.map((name) => [name, { type: 'boolean' }]));
}

/** Positional `index`, required. */
export function required(positionals: string[], index: number, name: string): string {
  const value = positionals[index];
  if (value === undefined || value === '') throw new UsageError(`missing <${name}>`);
  return value;
}

export function optionalString(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function integerOption(values: OptionValues, name: string): number | undefined {
  const value = optionalString(values, name);
  if (value === undefined) return undefined;
  return parseInteger(value, `--${name}`);
}

export function parseInteger(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n)) throw new UsageError(`${what} must be an integer, got "${text}"`);
  return n;
}

/** JSON from the command line (args, specs); a clear usage error instead of a SyntaxError. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/** `--label a=b --label c=d` -> { a: 'b', c: 'd' } */
export function labelsOption(values: OptionValues): Record<string, string> | undefined {
  const raw = values.label;
  if (raw === undefined) return undefined;
  const labels: Record<string, string> = {};
  for (const item of Array.isArray(raw) ? raw : [raw]) {
    const text = String(item);
    const at = text.indexOf('=');
    if (at <= 0) throw new UsageError(`--label must look like name=value, got "${text}"`);
    labels[text.slice(0, at)] = text.slice(at + 1);
  }
  return labels;
}

/** What a command on one target gets: the target, plus the context, positionals and options. */
export type TargetCall<Target> = Target & {
  ctx: CommandContext;
  positionals: string[];
  values: OptionValues;
};

/**
 * Commands on one target, e.g. `troupe actors <word> <type> <key>`: `resolve` reads (and requires)
 * the target's positionals once for every command of the group.
 */
export function commandsOn<Target>(
  group: string,
  args: string,
  resolve: (ctx: CommandContext, positionals: string[]) => Target,
) {
  return (
    word: string,
    summary: string,
    run: (call: TargetCall<Target>) => Promise<CommandResult>,
    more: Pick<Command, 'args' | 'options' | 'help'> = {},
  ): Command => ({
    words: [group, word],
    args,
    summary,
    ...more,
    run: (ctx, positionals, values) => run({ ...resolve(ctx, positionals), ctx, positionals, values }),
  });
}

/** A command that lists rows from one query (`troupe pipelines list`): JSON, or a table. */
export function tableCommand<Row>(
  words: string[],
  summary: string,
  load: (client: TroupeClient) => Promise<Row[]>,
  columns: Column<Row>[],
): Command {
  return { words, summary, run: async (ctx) => tableResult(await load(ctx.client()), columns) };
}
