// --help text, generated from the command table so it cannot drift from what parses.
import type { Command } from './command.ts';

const GLOBAL_HELP = [
  '--url URL      server (default $TROUPE_URL or http://127.0.0.1:3000)',
  '--token T      bearer token (default $TROUPE_TOKEN)',
  '--json         JSON on stdout (the default when stdout is not a terminal)',
  '--table        tables on stdout (the default on a terminal)',
  '-h, --help     help for a command',
];

const EXIT_HELP = [
  '0 ok   1 usage or invalid input   2 not found   3 conflict or precondition',
  '4 overloaded or timeout (retry)   5 other server error   6 cannot connect',
];

const signature = (c: Command) => ['troupe', ...c.words, c.args ?? ''].join(' ').trim();

export function usage(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => signature(c).length));
  return [
    'Usage: troupe <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${signature(c).padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    ...GLOBAL_HELP.map((line) => `  ${line}`),
    '',
    'Exit codes:',
    ...EXIT_HELP.map((line) => `  ${line}`),
  ].join('\n');
}

export function commandHelp(command: Command): string {
  return [
    `Usage: ${signature(command)} [options]`,
    `  ${command.summary}`,
    ...(command.help?.length ? ['', 'Options:', ...command.help.map((line) => `  ${line}`)] : []),
    '',
    'Global options:',
    ...GLOBAL_HELP.map((line) => `  ${line}`),
  ].join('\n');
}
