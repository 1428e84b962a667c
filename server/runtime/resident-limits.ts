// The resident set's two caps: how many activations, and their estimated memory. Over either, the
// least recently used idle activations are evicted (deactivated with their state flushed).
import type { Activation } from './activation.ts';
import { footprint } from './actor-state.ts';

/** Idle activations to evict, least recently used first, until the count and the estimate fit. */
export function* evictionVictims(
  lruFirst: Iterable<Activation>,
  size: number,
  estimatedBytes: number,
  leaving: ReadonlySet<Activation>,
  limits: { maxResident: number; maxResidentBytes: number },
): Generator<Activation> {
  const { maxResident, maxResidentBytes } = limits;
  let count = size - leaving.size;
  let bytes = estimatedBytes;
  for (const activation of leaving) bytes -= footprint(activation.stateJson.length);
  for (const activation of lruFirst) {
    if (count <= maxResident && bytes <= maxResidentBytes) return;
    if (!activation.isIdle) continue;
    count--;
    bytes -= footprint(activation.stateJson.length);
    yield activation;
  }
}

/**
 * Actors idle past their timeout, to deactivate, and failed ones to forget: those only an idle
 * timeout after their backoff ended (forgetting them sooner would reset the backoff a retrying
 * caller is meant to grow). Walks least recently used first and stops at the first recent one.
 */
export function idleSweep(
  lruFirst: Iterable<Activation>,
  minIdleMs: number,
  now: number,
): { idle: Activation[]; expired: Activation[] } {
  const idle: Activation[] = [];
  const expired: Activation[] = [];
  for (const activation of lruFirst) {
    if (activation.lastActiveAt + minIdleMs > now) break; // LRU order: the rest are newer
    if (activation.status === 'failed') {
      if (now >= activation.failure!.retryAt + activation.idleTimeoutMs) expired.push(activation);
    } else if (activation.isIdle && activation.lastActiveAt + activation.idleTimeoutMs <= now) {
      idle.push(activation);
    }
  }
  return { idle, expired };
}
