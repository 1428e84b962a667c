// The sensor pipeline from a program: create map -> filter -> reduce, publish events, read results.
//   npx tsx examples/pipeline.ts           (TROUPE_URL, TROUPE_TOKEN from the environment)
import { createTroupeClient } from '../client/index.ts';

const troupe = createTroupeClient({
  url: process.env.TROUPE_URL ?? 'http://127.0.0.1:3000',
  token: process.env.TROUPE_TOKEN,
});

const { id } = await troupe.pipelines.create.mutate({
  name: process.env.PIPELINE_NAME ?? 'example-sensors',
  keyBy: 'sensorId',
  operators: [
    { kind: 'map', config: { scale: 2 } }, // value * 2
    { kind: 'filter', config: { op: '>', threshold: 50 } }, // keep value > 50
    { kind: 'reduce', config: { windowSize: 5, fn: 'avg' } }, // average of every 5 per sensor
  ],
});
const pipeline = troupe.pipeline(id);
console.log(`created pipeline ${id}`);

// 2 sensors x 20 readings, values 20..58 (doubled: 40..116, so the filter drops some).
const events = Array.from({ length: 40 }, (_, i) => ({
  sensorId: `sensor-${i % 2}`,
  value: 20 + i,
  ts: Date.now() + i,
}));
const { accepted } = await pipeline.publish(events); // resolves once every stage processed them
console.log(`published ${accepted} events`);

const { items, nextSeq } = await pipeline.results({ afterSeq: 0, limit: 100 });
for (const { seq, output } of items) console.log(`#${seq} ${JSON.stringify(output)}`);
console.log(`${items.length} results (next afterSeq: ${nextSeq})`);

const summary = await pipeline.get();
for (const op of summary.operators) console.log(`${op.kind}: in ${op.eventsIn}, out ${op.eventsOut}`);
