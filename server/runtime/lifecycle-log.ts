// How a status change becomes visible: persisted transitions go into the commit batch (the durable
// lifecycle log, pruned by retention) and every transition is announced on the bus for live views.
import type { Activation, ActivationHost } from './activation.ts';
import {
  type ActivationStatus,
  type LifecycleReason,
  PERSISTED_TRANSITIONS,
  TRANSITION_INTO,
} from './lifecycle.ts';
import type { RetentionJanitor } from './retention.ts';

export function announceTransition(
  host: ActivationHost,
  retention: RetentionJanitor,
  activation: Activation,
  status: ActivationStatus,
  reason?: LifecycleReason,
  error?: string,
): void {
  const { type, key } = activation.self;
  const transition = TRANSITION_INTO[status];
  const at = host.clock.now();
  if (PERSISTED_TRANSITIONS.has(transition)) {
    const detail = error ? `${reason ?? 'error'}: ${error}` : (reason ?? null);
    host.batcher.current().batch.lifecycle.push({ type, key, event: transition, reason: detail, at });
    retention.lifecycleLogged(type, key);
  }
  if (host.bus.active) host.bus.emit({ kind: 'lifecycle', type, key, transition, reason, error, at });
}
