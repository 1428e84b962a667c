// troupe health | metrics: is the server up, and its runtime counters.
import type { Command } from './command.ts';
import { EXIT } from './exit-codes.ts';
import { formatFields } from './output.ts';

const health: Command = {
  words: ['health'],
  summary: 'Server and database up? (exit 0 ok, 5 not ok, 6 unreachable)',
  async run(ctx) {
    const data = await ctx.client().system.health.query();
    return { data, text: () => formatFields(data), exitCode: data.ok ? EXIT.ok : EXIT.server };
  },
};

const metrics: Command = {
  words: ['metrics'],
  summary: 'Runtime counters as JSON (system.metrics; Prometheus text is at GET /metrics)',
  async run(ctx) {
    const data = await ctx.client().system.metrics.query();
    return { data, text: () => formatFields(data) };
  },
};

export const systemCommands: Command[] = [health, metrics];
