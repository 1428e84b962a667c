// The runtime's one typed event union: lifecycle transitions, turn outcomes, actor broadcasts and
// changes of the registered actor types (a deploy, a rollback, a dev reload).
// Live views (socket.io bridge), metrics and tests all consume this bus and nothing else.

import type { LifecycleReason, LifecycleTransition } from './lifecycle.ts';
import { consoleLogger, type RuntimeLogger } from './logger.ts';

export type { LifecycleReason, LifecycleTransition };

export interface LifecycleEvent {
  kind: 'lifecycle';
  type: string;
  key: string;
  transition: LifecycleTransition;
  reason?: LifecycleReason;
  error?: string;
  at: number;
}

export interface TurnEvent {
  kind: 'turn';
  type: string;
  key: string;
  action: string;
  /** The validated arguments and, when ok, the result: live views show them without a re-read. */
  args?: unknown;
  ok: boolean;
  result?: unknown;
  error?: string;
  version: number;
  stateChanged?: boolean;
  /** The turn scheduled alarms or was fired by one: the actor's pending alarms changed. */
  alarmsChanged?: boolean;
  durationMs: number;
  at: number;
}

export interface BroadcastEvent {
  kind: 'broadcast';
  type: string;
  key: string;
  event: string;
  payload: unknown;
  at: number;
}

export interface TypeChangeEvent {
  kind: 'type';
  type: string;
  change: 'registered' | 'replaced';
  at: number;
}

export type RuntimeEvent = LifecycleEvent | TurnEvent | BroadcastEvent | TypeChangeEvent;

export type Listener = (event: RuntimeEvent) => void;

export class EventBus {
  constructor(private readonly logger: RuntimeLogger = consoleLogger) {}

  private listeners: Listener[] = [];

  /** Cheap check so hot paths build no event objects when nobody listens. */
  get active(): boolean {
    return this.listeners.length > 0;
  }

  on(listener: Listener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(event: RuntimeEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A broken subscriber must never break a turn.
        this.logger.error({ err: error, event: event.kind }, 'runtime event listener failed');
      }
    }
  }
}
