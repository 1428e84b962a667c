// troupe pipelines list|get|create|publish|results|scale|simulate|flush|start|stop|delete
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { TSensorEventInput } from '../client/index.ts';
import type { AppRouter } from '../server/api/root.ts';
import {
  booleanOptions,
  type Command,
  commandsOn,
  integerOption,
  type OptionValues,
  optionalString,
  parseInteger,
  parseJson,
  required,
  stringOptions,
  tableCommand,
} from './command.ts';
import { UsageError } from './exit-codes.ts';
import { formatFields, formatTable, tableResult } from './output.ts';
import { createProgress, silentProgress } from './progress.ts';
import { publishFile } from './publish-events.ts';

type TPipelineSummary = inferRouterOutputs<AppRouter>['pipelines']['get'];
type TPipelineSpecInput = inferRouterInputs<AppRouter>['pipelines']['create'];

/** `troupe pipelines <word> <id> ...` */
const pipelineCommand = commandsOn('pipelines', '<id>', (ctx, positionals) => {
  const id = required(positionals, 0, 'id');
  return { id, pipeline: ctx.client().pipeline(id) };
});

const list = tableCommand(
  ['pipelines', 'list'],
  'List pipelines with their rates',
  (client) => client.pipelines.list.query(),
  [
    { header: 'id', value: (p) => p.id },
    { header: 'status', value: (p) => p.status },
    { header: 'operators', value: (p) => operatorText(p) },
    { header: 'published', value: (p) => p.published },
    { header: 'events/s', value: (p) => p.publishRate },
    { header: 'outputs', value: (p) => p.sinkOutputs },
    { header: 'p99 ms', value: (p) => p.latencyP99Ms },
  ],
);

const get = pipelineCommand('get', 'Show a pipeline and its operators', async ({ pipeline }) => {
  const p = await pipeline.get();
  return {
    data: p,
    text: () =>
      [
        formatFields({ id: p.id, name: p.name, status: p.status, keyBy: p.keyBy, priority: p.priority }),
        formatTable(p.operators, [
          { header: '#', value: (o) => o.index },
          { header: 'kind', value: (o) => o.kind },
          { header: 'partitions', value: (o) => o.partitions },
          { header: 'in', value: (o) => o.eventsIn },
          { header: 'out', value: (o) => o.eventsOut },
          { header: 'in/s', value: (o) => o.rateIn },
          { header: 'config', value: (o) => o.config },
        ]),
      ].join('\n\n'),
  };
});

const create: Command = {
  words: ['pipelines', 'create'],
  args: '[spec-json]',
  summary: 'Create a pipeline (spec as JSON argument or --file)',
  options: stringOptions('file'),
  help: [
    '--file spec.json   read the spec from a file',
    'spec: {"name":"x","operators":[{"kind":"filter"}]}',
  ],
  async run(ctx, positionals, values) {
    const file = optionalString(values, 'file');
    const text = file ? readText(file) : positionals[0];
    if (text === undefined) throw new UsageError('give the spec as a JSON argument or with --file');
    // The server validates the spec (BAD_REQUEST, exit 1, with the zod issues).
    const spec = parseJson(text, 'spec') as TPipelineSpecInput;
    const data = await ctx.client().pipelines.create.mutate(spec);
    return { data, text: () => data.id };
  },
};

const publish = pipelineCommand(
  'publish',
  'Publish events (JSON argument, or --file: NDJSON or JSON array)',
  async ({ ctx, pipeline, positionals, values }) => {
    const file = optionalString(values, 'file');
    if (!file) {
      if (positionals[1] === undefined) throw new UsageError('give events as a JSON argument or with --file');
      const events = parseJson(positionals[1], 'events');
      const data = await pipeline.publish((Array.isArray(events) ? events : [events]) as TSensorEventInput[]);
      return { data, text: () => `accepted ${data.accepted}` };
    }
    const batchSize = integerOption(values, 'batch') ?? 1000;
    if (batchSize < 1 || batchSize > 10_000) throw new UsageError('--batch must be between 1 and 10000');
    const runId = optionalString(values, 'run-id') ?? randomUUID().slice(0, 13);
    if (!/^[\w.-]{1,48}$/.test(runId)) throw new UsageError('--run-id must be 1-48 letters, digits, . _ -');
    const data = await publishFile(pipeline, file, {
      batchSize,
      runId,
      maxRetries: integerOption(values, 'retries') ?? 10,
      backoffMs: 100,
      progress: values.quiet ? silentProgress : createProgress(ctx.io.stderr),
    });
    return { data, text: () => `published ${data.published} events to ${data.pipeline}` };
  },
  {
    args: '<id> [events-json]',
    options: { ...stringOptions('file', 'batch', 'retries', 'run-id'), ...booleanOptions('quiet') },
    help: [
      '--file F      events file: one JSON event per line (NDJSON) or a JSON array',
      '--batch N     events per request (default 1000, max 10000)',
      '--retries N   retries of a batch on TOO_MANY_REQUESTS, with backoff (default 10)',
      '--run-id ID   batch ids are ID:0, ID:1, ...: rerun with the same ID to resume exactly-once',
      '              (default: a new random ID, printed in the result)',
      '--quiet       no progress on stderr',
    ],
  },
);

const results = pipelineCommand(
  'results',
  'Read sink outputs (or a side stream: late, errors) by sequence number',
  async ({ pipeline, values }) => {
    const data = await pipeline.results({
      afterSeq: integerOption(values, 'after-seq'),
      limit: integerOption(values, 'limit'),
      // Checked by the server, which names the allowed streams when it is none of them.
      stream: optionalString(values, 'stream') as 'results' | 'late' | 'errors' | undefined,
    });
    return tableResult(
      data.items,
      [
        { header: 'seq', value: (r) => r.seq },
        { header: 'output', value: (r) => r.output },
      ],
      data,
    );
  },
  {
    options: stringOptions('after-seq', 'limit', 'stream'),
    help: [
      '--after-seq N   outputs with seq > N (default 0)',
      '--limit N       at most N (default 100, max 1000)',
      '--stream S      results (default), late (records behind the watermark) or errors',
    ],
  },
);

const scale = pipelineCommand(
  'scale',
  "Change an operator's partitions while it runs",
  async ({ id, pipeline, positionals }) => {
    const operatorIndex = parseInteger(required(positionals, 1, 'operator-index'), '<operator-index>');
    const partitions = parseInteger(required(positionals, 2, 'partitions'), '<partitions>');
    await pipeline.scale(operatorIndex, partitions);
    const data = { ok: true, id, operatorIndex, partitions };
    return { data, text: () => `operator ${operatorIndex} of ${id} now has ${partitions} partitions` };
  },
  { args: '<id> <operator-index> <partitions>' },
);

/** Optional number flags of `simulate` and the input field each sets. */
const SIMULATE_NUMBER_FLAGS = [
  ['seed', 'seed'],
  ['min', 'min'],
  ['max', 'max'],
  ['out-of-order-ms', 'outOfOrderMs'],
  ['out-of-order-ratio', 'outOfOrderRatio'],
  ['late-by-ms', 'lateByMs'],
  ['late-ratio', 'lateRatio'],
] as const;

function numberOption(values: OptionValues, name: string): number | undefined {
  const text = optionalString(values, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`--${name} must be a number, got "${text}"`);
  return value;
}

const simulate = pipelineCommand(
  'simulate',
  'Feed the pipeline from the built-in sensor simulator (--rate 0 stops it)',
  async ({ id, pipeline, values }) => {
    const ratePerSec = Number(optionalString(values, 'rate') ?? '100');
    const sensors = integerOption(values, 'sensors') ?? 10;
    const durationS = integerOption(values, 'duration');
    if (!Number.isFinite(ratePerSec) || ratePerSec < 0) throw new UsageError('--rate must be a number >= 0');
    if (ratePerSec === 0) {
      await pipeline.simulate({ ratePerSec: 0, sensors });
      return { data: { ok: true, id, stopped: true }, text: () => `simulator of ${id} stopped` };
    }
    // Only the flags given are sent: the server's defaults and checks apply to the rest.
    const more = Object.fromEntries(
      SIMULATE_NUMBER_FLAGS.flatMap(([flag, field]) => {
        const value = numberOption(values, flag);
        return value === undefined ? [] : [[field, value]];
      }),
    );
    await pipeline.simulate({
      ratePerSec,
      sensors,
      ...(durationS === undefined ? {} : { durationS }),
      ...more,
    });
    // The seed in use (a random one unless --seed): passing it again replays the same events.
    const seed = (await pipeline.get()).simulation?.seed ?? null;
    const data = { ok: true, id, ratePerSec, sensors, durationS: durationS ?? null, ...more, seed };
    return {
      data,
      text: () => `simulating ${sensors} sensors at ${ratePerSec} events/s into ${id} (seed ${seed})`,
    };
  },
  {
    options: stringOptions('rate', 'sensors', 'duration', ...SIMULATE_NUMBER_FLAGS.map(([flag]) => flag)),
    help: [
      '--rate N       events per second (default 100; 0 stops the simulator)',
      '--sensors N    distinct sensor ids (default 10)',
      '--duration S   stop after S seconds (default: until stopped)',
      '--seed N       same seed and options, same events (default: random, printed)',
      '--min X        smallest value (default 0; a negative one as --min=-5)',
      '--max Y        largest value (default 100)',
      '--out-of-order-ratio R --out-of-order-ms MS',
      '               a share R of events arrives after events up to MS newer',
      '--late-ratio R --late-by-ms MS',
      '               a share R arrives after its sensor is MS ahead (late for watermarks)',
    ],
  },
);

const flush = pipelineCommand('flush', 'Emit the open time windows now', async ({ id, pipeline }) => {
  await pipeline.flush();
  return { data: { ok: true, id }, text: () => `flushed: ${id}` };
});

const simple = (word: 'start' | 'stop' | 'delete', summary: string) =>
  pipelineCommand(word, summary, async ({ id, pipeline }) => {
    await pipeline[word]();
    return { data: { ok: true, id }, text: () => `${word}: ${id}` };
  });

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${path}`);
  }
}

const operatorText = (p: TPipelineSummary) => p.operators.map((o) => `${o.kind}x${o.partitions}`).join(' > ');

export const pipelineCommands: Command[] = [
  list,
  get,
  create,
  publish,
  results,
  scale,
  simulate,
  flush,
  simple('start', 'Resume intake'),
  simple('stop', 'Pause intake (publish then fails with exit 3)'),
  simple('delete', 'Delete a pipeline, its operator state and results'),
];
