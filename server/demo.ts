// Demo content, so a fresh `npm start` shows something alive: the durable counter `counter/rivet-1`,
// the `sensor-demo` reference pipeline fed by the built-in simulator, and one actor of each example
// type in actors/ (a reminder, a chat room, a bank account, a cron heartbeat). Idempotent on restart:
// an actor is seeded only while no turn of it was ever committed, so a restart adds nothing twice
// and never undoes what a user did with it.
import { REFERENCE_PIPELINE } from './pipelines/spec.ts';
import { isActorError } from './runtime/errors.ts';
import type { Runtime } from './runtime/runtime.ts';
import type { Troupe } from './troupe.ts';

const DEMO_PIPELINE_ID = 'sensor-demo';
const DEMO_LABELS = { demo: 'true' };

export async function seedDemo({ runtime, pipelines, cluster }: Troupe): Promise<void> {
  // The types ship in actors/, which users edit: a folder without one of them gets no demo of it.
  if (runtime.registry.find('counter')) await spawnOnce(runtime, 'counter', 'rivet-1');
  // A pipeline is managed by the node it was created on (docs/cluster.md): every node of a cluster
  // seeding its own demo pipeline and simulator would race and multiply the load, so none does.
  if (!cluster && !pipelines.find(DEMO_PIPELINE_ID)) await pipelines.create(REFERENCE_PIPELINE);
  if (!cluster && pipelines.find(DEMO_PIPELINE_ID)?.status === 'running') {
    pipelines.simulate(DEMO_PIPELINE_ID, { ratePerSec: 50, sensors: 10 });
  }
  for (const [type, seed] of Object.entries(EXAMPLE_SEEDS)) {
    if (runtime.registry.find(type)) await seed(runtime);
  }
}

const EXAMPLE_SEEDS: Record<string, (runtime: Runtime) => Promise<void>> = {
  reminder: async (runtime) => {
    const ref = await untouched(runtime, 'reminder', 'demo', 'pending');
    await ref?.ask('remind', {
      inMs: 60_000,
      message: 'The demo reminder: a durable alarm, a minute after the first start',
    });
  },
  'chat-room': async (runtime) => {
    const ref = await untouched(runtime, 'chat-room', 'lobby', 'history');
    await ref?.ask('post', { user: 'ada', text: 'Hello! Open this page in two tabs and post from one.' });
    await ref?.ask('post', { user: 'grace', text: 'Every post is broadcast live to the actor room.' });
  },
  'bank-account': async (runtime) => {
    const ref = await untouched(runtime, 'bank-account', 'demo', 'balance');
    await ref?.ask('deposit', { amount: 100 });
    // Refused (overdraft): rolled back, and kept in the journal with its error for the dashboard.
    await ref?.ask('withdraw', { amount: 250 }).catch((error: unknown) => {
      if (!isActorError(error) || error.code !== 'PRECONDITION_FAILED') throw error;
    });
  },
  heartbeat: async (runtime) => {
    const ref = await untouched(runtime, 'heartbeat', 'demo', 'beats');
    await ref?.ask('start', { cron: '* * * * *' });
  },
};

/**
 * The demo actor's ref while it is still untouched: created now, or created earlier but no turn
 * ever committed (state version 0, asked through a read-only action). Otherwise null: it has been
 * seeded, or a user has used it, and either way it is left as it is.
 */
async function untouched(runtime: Runtime, type: string, key: string, readAction: string) {
  const ref = await spawnOnce(runtime, type, key);
  return (await ref.askWithVersion(readAction)).version === 0 ? ref : null;
}

/** Creates the actor with the demo label; an existing one (a restart) is left as it is. */
async function spawnOnce(runtime: Runtime, type: string, key: string) {
  try {
    await runtime.spawn(type, key, { labels: DEMO_LABELS });
  } catch (error) {
    if (!isActorError(error) || error.code !== 'CONFLICT') throw error;
  }
  return runtime.get(type, key);
}
