// The activation lifecycle as one explicit state machine (Orleans' ActivationState): the statuses,
// the transitions allowed between them, and the lifecycle event each one announces. Every status
// change goes through `canMove`, so a late step of an old path (a load finishing after a destroy, a
// deactivation racing a reset) is refused instead of resurrecting what was already gone.

export const ACTIVATION_STATUSES = ['activating', 'active', 'deactivating', 'inactive', 'failed'] as const;
export type ActivationStatus = (typeof ACTIVATION_STATUSES)[number];

/**
 * - activating: created by a first message, an alarm or a spawn; loading state and running onActivate.
 * - active: processing turns.
 * - deactivating: finishing its turn, running onDeactivate and flushing; new messages wait for the next activation.
 * - failed: could not activate; answers ACTIVATION_FAILED until its backoff ends.
 * - inactive: gone from memory (deactivated, destroyed or reset). Terminal: a new activation takes over.
 */
const ALLOWED: Readonly<Record<ActivationStatus, readonly ActivationStatus[]>> = {
  activating: ['active', 'failed', 'inactive'],
  active: ['deactivating', 'inactive'],
  deactivating: ['inactive'],
  failed: ['inactive'],
  inactive: [],
};

export function canMove(from: ActivationStatus, to: ActivationStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** What a transition is called on the event bus and in the stored lifecycle log. */
export const TRANSITIONS = ['activating', 'activated', 'deactivating', 'deactivated', 'failed'] as const;
export type LifecycleTransition = (typeof TRANSITIONS)[number];

export const TRANSITION_INTO: Readonly<Record<ActivationStatus, LifecycleTransition>> = {
  activating: 'activating',
  active: 'activated',
  deactivating: 'deactivating',
  inactive: 'deactivated',
  failed: 'failed',
};

/** The status an actor has after each transition (live views fold events into it). */
export const STATUS_AFTER: Readonly<Record<LifecycleTransition, ActivationStatus>> = {
  activating: 'activating',
  activated: 'active',
  deactivating: 'deactivating',
  deactivated: 'inactive',
  failed: 'failed',
};

/** Transitions kept in the durable lifecycle log (the others are only live events). */
export const PERSISTED_TRANSITIONS: ReadonlySet<LifecycleTransition> = new Set([
  'activated',
  'deactivated',
  'failed',
]);

export const LIFECYCLE_REASONS = [
  'idle',
  'evicted',
  'manual',
  'shutdown',
  'error',
  'destroyed',
  'redeployed',
  'moved', // cluster mode: another node owns the actor
] as const;
export type LifecycleReason = (typeof LIFECYCLE_REASONS)[number];
