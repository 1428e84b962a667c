// First-boot demo content, so a fresh `npm start` shows something alive: the durable counter
// `counter/rivet-1`. Idempotent: an existing actor is left as it is.
import { isActorError } from './runtime/errors.ts';
import type { Troupe } from './troupe.ts';

export async function seedDemo({ runtime }: Troupe): Promise<void> {
  try {
    await runtime.spawn('counter', 'rivet-1', { labels: { demo: 'true' } });
  } catch (error) {
    if (!isActorError(error) || error.code !== 'CONFLICT') throw error;
  }
}
