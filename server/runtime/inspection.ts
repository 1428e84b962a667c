// The runtime's read-only inspection surface: what the control plane, live views and metrics may
// know about resident actors and the runtime itself, as plain snapshots. Nothing outside the
// runtime reads activations, the catalog, the batcher or the scheduler directly (xstate marks such
// things internal; Orleans keeps them `internal sealed`).
import type { Activation } from './activation.ts';
import type { CommitStats } from './commit-batcher.ts';
import type { ActivationStatus } from './lifecycle.ts';
import type { RuntimeMetrics } from './metrics.ts';

/** A resident actor as the runtime sees it now. */
export interface ResidentActor {
  type: string;
  key: string;
  status: ActivationStatus;
  version: number;
  labels: Readonly<Record<string, string>>;
  activations: number;
  lastActiveAt: number;
  idleTimeoutMs: number;
  /** When an active, idle actor will be deactivated unless a message arrives. */
  idleDeadline: number | null;
  mailboxDepth: number;
  /** Why it failed to activate (status 'failed'). */
  failure: string | null;
  /** The state as JSON; null while activating or after a failed activation. */
  stateJson: string | null;
}

export interface ResidentFilter {
  type?: string;
  status?: ActivationStatus;
  /** Literal, case-sensitive key prefix. */
  keyPrefix?: string;
}

export interface RuntimeStats {
  residentActivations: number;
  /** Estimated memory of resident activations (the budget of maxResidentBytes). */
  residentBytes: number;
  /** Messages queued in every mailbox. */
  mailboxDepth: number;
  /** Actors with a turn ready to run. */
  schedulerReady: number;
  commits: Readonly<CommitStats>;
  counters: Readonly<RuntimeMetrics>;
}

export function describeActivation(a: Activation): ResidentActor {
  const loaded = a.status === 'active' || a.status === 'deactivating';
  return {
    type: a.self.type,
    key: a.self.key,
    status: a.status,
    version: a.version,
    labels: a.labels,
    activations: a.activations,
    lastActiveAt: a.lastActiveAt,
    idleTimeoutMs: a.idleTimeoutMs,
    idleDeadline: a.status === 'active' ? a.lastActiveAt + a.idleTimeoutMs : null,
    mailboxDepth: a.mailbox.size,
    failure: a.failure?.message ?? null,
    stateJson: loaded ? a.stateJson : null,
  };
}

export function matchesResident(a: Activation, filter: ResidentFilter): boolean {
  return (
    (filter.type === undefined || a.self.type === filter.type) &&
    (filter.status === undefined || a.status === filter.status) &&
    (filter.keyPrefix === undefined || a.self.key.startsWith(filter.keyPrefix))
  );
}
