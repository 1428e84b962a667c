// Demo content, so a fresh `npm start` shows something alive: the durable counter `counter/rivet-1`
// and the `sensor-demo` reference pipeline fed by the built-in simulator. Idempotent on restart.
import { REFERENCE_PIPELINE } from './pipelines/spec.ts';
import { isActorError } from './runtime/errors.ts';
import type { Troupe } from './troupe.ts';

const DEMO_PIPELINE_ID = 'sensor-demo';

export async function seedDemo({ runtime, pipelines }: Troupe): Promise<void> {
  try {
    await runtime.spawn('counter', 'rivet-1', { labels: { demo: 'true' } });
  } catch (error) {
    if (!isActorError(error) || error.code !== 'CONFLICT') throw error;
  }
  if (!pipelines.find(DEMO_PIPELINE_ID)) await pipelines.create(REFERENCE_PIPELINE);
  if (pipelines.find(DEMO_PIPELINE_ID)?.status === 'running') {
    pipelines.simulate(DEMO_PIPELINE_ID, { ratePerSec: 50, sensors: 10 });
  }
}
