// troupe deploy <file>: bundles an actor module with esbuild (its own imports and packages inside,
// 'troupe' and 'zod' left as imports for the server to link to its own) and uploads it through
// types.deploy. The server stores it as the type's next version and swaps it in (docs/deploy.md).
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { build, type Message } from 'esbuild';
import { type Command, required } from './command.ts';
import { CliFailure, EXIT } from './exit-codes.ts';
import type { CommandResult } from './output.ts';

/** What the server links itself: everything else the module imports goes into the bundle. */
export const SERVER_PROVIDED = ['troupe', 'troupe/*', 'zod', 'zod/*'];

/** One ESM file of the module and everything it imports except SERVER_PROVIDED and node builtins. */
export async function bundleActorModule(file: string): Promise<string> {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new CliFailure(EXIT.notFound, 'NOT_FOUND', `no such file: ${file}`);
  }
  try {
    const result = await build({
      entryPoints: [path],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external: SERVER_PROVIDED,
      write: false,
      logLevel: 'silent',
    });
    return result.outputFiles[0]?.text ?? '';
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    if (!messages?.length) throw error;
    const text = messages.slice(0, 5).map(describeMessage).join('\n  ');
    throw new CliFailure(EXIT.usage, 'BAD_INPUT', `cannot bundle ${file}:\n  ${text}`);
  }
}

function describeMessage(message: Message): string {
  const where = message.location ? `${message.location.file}:${message.location.line}: ` : '';
  return `${where}${message.text}`;
}

/** `deployed greeter v3 (sha256 0123456789ab) — drained 2 activations` */
export function deployedLine(
  verb: string,
  result: { type: string; version: number; sourceHash: string; drained: number },
): string {
  const activations = result.drained === 1 ? 'activation' : 'activations';
  return `${verb} ${result.type} v${result.version} (sha256 ${result.sourceHash.slice(0, 12)}) — drained ${result.drained} ${activations}`;
}

export const deployCommand: Command = {
  words: ['deploy'],
  args: '<file>',
  summary: 'Bundle an actor module and deploy it to the server as a new version',
  help: [
    "<file>         a module exporting one defineActor(...) result; 'troupe', 'zod' and node",
    '               builtins come from the server, everything else it imports is bundled',
  ],
  async run(ctx, positionals): Promise<CommandResult> {
    const file = required(positionals, 0, 'file');
    const source = await bundleActorModule(file);
    const result = await ctx.client().types.deploy.mutate({ fileName: basename(file), source });
    return { data: result, text: () => deployedLine('deployed', result) };
  },
};
