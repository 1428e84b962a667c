// Typed socket.io event maps shared by the server and the dashboard (type-only imports on the client).
// Everything live is pushed through these; the dashboard never polls what a socket can push.
// @see https://socket.io/docs/v4/typescript/
import type { TPipelineSummary } from '../pipelines/summarize-pipeline.ts';
import type { LifecycleEvent, TurnEvent } from '../runtime/events.ts';

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
  /** Turns since the previous update (newest last, capped). */
  turns: TurnEvent[];
  lifecycle: LifecycleEvent[];
}

/** Lifecycle firehose, aggregated per flush; `dropped` counts events over the per-flush cap. */
export interface TLifecycleBatch {
  events: LifecycleEvent[];
  dropped: number;
}

/** Runtime rates for the Overview, once a second. */
export interface TMetricsTick {
  at: number;
  residentActivations: number;
  turnsPerSec: number;
  failedTurnsPerSec: number;
  activationsPerSec: number;
  deactivationsPerSec: number;
  mailboxDepth: number;
  commitBatchSize: number;
  commitMs: number;
}

/** A pipeline room's view, at most 5 times a second: the `pipelines.get` summary plus new sink outputs. */
export interface TPipelineUpdate extends TPipelineSummary {
  /** Sink outputs appended since the previous push (oldest first, capped per push). */
  outputs: { seq: number; output: Record<string, unknown> }[];
  /** Outputs not sent because the room fell behind the cap (the feed skipped ahead). */
  skippedOutputs: number;
}

export type TRoom = 'lifecycle' | 'overview' | `actor:${string}` | `pipeline:${string}`;

export interface ServerToClientEvents {
  'system:heartbeat': (beat: THeartbeat) => void;
  'actor:update': (update: TActorUpdate) => void;
  'lifecycle:batch': (batch: TLifecycleBatch) => void;
  'metrics:tick': (tick: TMetricsTick) => void;
  'pipeline:update': (update: TPipelineUpdate) => void;
}

export interface TSubscription {
  topic: 'lifecycle' | 'overview' | 'actor' | 'pipeline';
  type?: string;
  key?: string;
  id?: string;
}

export interface ClientToServerEvents {
  subscribe: (subscription: TSubscription) => void;
  unsubscribe: (subscription: TSubscription) => void;
}

export type InterServerEvents = Record<string, never>;

export type SocketData = Record<string, never>;
