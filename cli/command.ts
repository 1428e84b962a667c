// The shape of a CLI command: its words, usage, options (node:util parseArgs config) and a run
// function that returns data. Commands never print results or exit themselves: run-cli does both.
import type { ParseArgsConfig } from 'node:util';
import type { TroupeClient } from '../client/index.ts';
import { UsageError } from './exit-codes.ts';
import type { CliIO, CommandResult } from './output.ts';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  io: CliIO;
  /** The control-plane client for --url/--token (created on first use). */
  client(): TroupeClient;
  url: string;
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
