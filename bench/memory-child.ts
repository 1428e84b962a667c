// Child process (run with --expose-gc): heap bytes per resident idle counter actor.
import { counter } from '../actors/counter.ts';
import { Runtime } from '../server/runtime/runtime.ts';
import { NullDriver } from './fixtures.ts';

const count = Number(process.argv[2] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

// Every actor must stay resident: neither the count cap nor the memory budget may evict here.
const runtime = new Runtime({
  driver: new NullDriver(),
  types: [counter],
  maxResident: count + 10,
  maxResidentBytes: Number.POSITIVE_INFINITY,
});
await runtime.start();
gc();
const before = process.memoryUsage().heapUsed;
const CHUNK = 10_000;
for (let start = 0; start < count; start += CHUNK) {
  const asks = [];
  for (let i = start; i < Math.min(count, start + CHUNK); i++)
    asks.push(runtime.get('counter', `m-${i}`).ask('get'));
  await Promise.all(asks);
}
await runtime.flush();
gc();
const after = process.memoryUsage().heapUsed;
console.log(
  JSON.stringify({
    count,
    resident: runtime.stats().residentActivations,
    bytesPerActor: (after - before) / count,
  }),
);
process.exit(0);
