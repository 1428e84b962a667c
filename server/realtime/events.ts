// Typed socket.io event maps shared by the server and the dashboard (type-only imports on the client).
// Everything live is pushed through these; the dashboard never polls what a socket can push.
// @see https://socket.io/docs/v4/typescript/
import type { TMetricsTick } from '../observability/metrics-sampler.ts';
import type { TOverviewSummary } from '../observability/overview-summary.ts';
import type { TSequencedLifecycleEvent } from '../observability/recent-history.ts';
import type { TPipelineSummary } from '../pipelines/summarize-pipeline.ts';
import type { LifecycleEvent, TurnEvent } from '../runtime/events.ts';
import type { TTurnStats } from '../services/actor-turn-stats.ts';

export interface THeartbeat {
  uptimeS: number;
  at: number;
}

/** Latest view of one actor, pushed to its room at most 10 times a second. */
export interface TActorUpdate {
  type: string;
  key: string;
  status: string;
  version: number;
  state: unknown;
  mailboxDepth: number;
  lastActiveAt: number | null;
  idleDeadline: number | null;
  /** Turns since the previous update (newest last, capped), args and result bounded in size. */
  turns: TurnEvent[];
  lifecycle: LifecycleEvent[];
  /** `ctx.broadcast` events since the previous update (oldest first, capped; the rest counted). */
  broadcasts: { event: string; payload: unknown; at: number }[];
  droppedBroadcasts: number;
  /** Turn rate and latency while resident (null once deactivated: the page keeps the last known). */
  turnStats: TTurnStats | null;
}

export type { TMetricsTick, TOverviewSummary, TSequencedLifecycleEvent };

/**
 * Lifecycle firehose, aggregated per flush; `dropped` counts events over the per-flush cap. Events
 * carry the numbers of the server's recent history (`system.recentLifecycle`), valid within `epoch`.
 */
export interface TLifecycleBatch {
  epoch: number;
  events: TSequencedLifecycleEvent[];
  dropped: number;
}

/** A pipeline room's view, at most 5 times a second: the `pipelines.get` summary plus new sink outputs. */
export interface TPipelineUpdate extends TPipelineSummary {
  /** Sink outputs appended since the previous push (oldest first, capped per push). */
  outputs: { seq: number; output: Record<string, unknown> }[];
  /**
   * Outputs not sent because the room fell behind the cap (the feed skipped ahead); in a backlog,
   * all skipped so far.
   */
  skippedOutputs: number;
  /**
   * True for the one update a socket gets when it joins: `outputs` is then the pipeline's whole
   * chart history (output-history.ts), to start from instead of adding to.
   */
  backlog: boolean;
}

export type TRoom = 'lifecycle' | 'overview' | 'types' | `actor:${string}` | `pipeline:${string}`;

export interface ServerToClientEvents {
  'system:heartbeat': (beat: THeartbeat) => void;
  /** A subscribe/unsubscribe sent without an ack was refused: why (with an ack, the ack says it). */
  'subscription:error': (error: TSubscriptionRefusal) => void;
  'actor:update': (update: TActorUpdate) => void;
  'lifecycle:batch': (batch: TLifecycleBatch) => void;
  /** Runtime rates for the Overview, once a second (the same samples `system.recentMetrics` keeps). */
  'metrics:tick': (tick: TMetricsTick) => void;
  /** Residents per type and pipelines by status, with every tick while the Overview is watched. */
  'overview:summary': (summary: TOverviewSummary) => void;
  'pipeline:update': (update: TPipelineUpdate) => void;
  /** Actor types were registered or replaced (deploy, rollback, dev reload): re-read types.list. */
  'types:changed': (change: { types: string[] }) => void;
}

export interface TSubscription {
  topic: 'lifecycle' | 'overview' | 'types' | 'actor' | 'pipeline';
  type?: string;
  key?: string;
  id?: string;
}

/** Why a subscription was refused: not a valid subscription, or the socket is in too many rooms. */
export interface TSubscriptionRefusal {
  ok: false;
  code: 'BAD_REQUEST' | 'TOO_MANY_ROOMS';
  message: string;
}

/** The answer to a subscribe/unsubscribe sent with an acknowledgement callback. */
export type TSubscriptionAck = { ok: true; rooms: number } | TSubscriptionRefusal;

export interface ClientToServerEvents {
  subscribe: (subscription: TSubscription, ack?: (answer: TSubscriptionAck) => void) => void;
  unsubscribe: (subscription: TSubscription, ack?: (answer: TSubscriptionAck) => void) => void;
}

/** Between the nodes of a cluster (over the socket.io adapter): the rooms each node's sockets watch. */
export interface InterServerEvents {
  'troupe:rooms': (node: string, rooms: string[]) => void;
}

export type SocketData = Record<string, never>;
