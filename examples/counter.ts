// The durable counter from a program: increment `counter/rivet-1` a few times, read it back, and
// show that the state survives an explicit deactivation (the next message re-activates it).
//   npx tsx examples/counter.ts            (TROUPE_URL, TROUPE_TOKEN from the environment)
import { createTroupeClient } from '../client/index.ts';

const troupe = createTroupeClient({
  url: process.env.TROUPE_URL ?? 'http://127.0.0.1:3000',
  token: process.env.TROUPE_TOKEN,
});
const key = process.env.COUNTER_KEY ?? 'rivet-1';
const counter = troupe.actor('counter', key);

for (let i = 0; i < 3; i++) {
  const count = await counter.ask('increment', { by: 1 }); // typed: number
  console.log(`increment -> ${count}`);
}

const { result, version } = await counter.askWithVersion('increment', { by: 10 });
console.log(`increment by 10 -> ${result} (state version ${version})`);

await counter.deactivate(); // flushed and evicted from memory...
const count = await counter.ask('get'); // ...and activated again from SQLite by this message
const actor = await counter.get();
console.log(`after deactivation: count ${count}, status ${actor.status}, ${actor.activations} activations`);
