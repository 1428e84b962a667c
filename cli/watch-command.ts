// troupe actors watch <type> <key>: prints the actor's broadcasts and changes (turns, lifecycle) as
// they happen, one JSON line each, over the WebSocket wire, until Ctrl-C or --count events. A
// subscription the server ends (a slow reader, a refused token) ends the command with its exit code.
import type { TWireEvent } from '../server/wire/protocol.ts';
import { type Command, integerOption, optionalString, required } from './command.ts';
import { CliFailure, describeFailure, UsageError } from './exit-codes.ts';

const KINDS = ['broadcasts', 'changes', 'all'] as const;

export const watchActor: Command = {
  words: ['actors', 'watch'],
  args: '<type> <key>',
  summary: 'Stream an actor’s broadcasts and changes as JSON lines (until Ctrl-C)',
  options: { events: { type: 'string' }, count: { type: 'string' } },
  help: [
    '--events broadcasts|changes|all (default all)   what to stream',
    '--count N                                       stop after N events',
  ],
  async run(ctx, positionals, values) {
    const type = required(positionals, 0, 'type');
    const key = required(positionals, 1, 'key');
    const events = optionalString(values, 'events') ?? 'all';
    if (!(KINDS as readonly string[]).includes(events)) {
      throw new UsageError(`--events must be one of ${KINDS.join(', ')}`);
    }
    const count = integerOption(values, 'count');
    // Over HTTP first: an unreachable server or a wrong token fails here with its usual exit code
    // (the wire would keep reconnecting).
    await ctx.client().actors.types.query();
    const actor = ctx.client().actor(type, key);
    await new Promise<void>((resolve, reject) => {
      let seen = 0;
      const stops: (() => void)[] = [];
      const finish = (error?: unknown) => {
        for (const stop of stops) stop();
        ctx.client().close();
        process.off('SIGINT', onInterrupt);
        if (error) reject(error);
        else resolve();
      };
      const onInterrupt = () => finish();
      const print = (event: TWireEvent) => {
        const { sub: _sub, ...shown } = event;
        ctx.io.stdout.write(`${JSON.stringify({ type, key, ...shown })}\n`);
        if (count !== undefined && ++seen >= count) finish();
      };
      const ended = (error: unknown) => {
        const failure = describeFailure(error);
        finish(new CliFailure(failure.exitCode, failure.code, `watch ended: ${failure.message}`));
      };
      if (events !== 'changes')
        stops.push(actor.subscribe('*', (_payload, broadcast) => print(broadcast), ended));
      if (events !== 'broadcasts') stops.push(actor.watch(print, ended));
      process.once('SIGINT', onInterrupt);
      ctx.io.stderr.write(`watching ${type}/${key} (${events}); Ctrl-C to stop\n`);
    });
    return undefined;
  },
};
