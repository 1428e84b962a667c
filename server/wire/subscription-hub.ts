// Subscriptions of wire connections, indexed by actor: one bus listener for all of them (attached
// while any exists), and each event goes only to the subscribers of its actor. A thousand
// subscribers of one actor cost one map lookup and one serialization per event plus one string
// push per subscriber; the connections batch what they are pushed into one frame per tick
// (wire-connection.ts).

import type { RuntimeEvent } from '../runtime/events.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { TWireEvent } from './protocol.ts';

export interface Subscriber {
  readonly sub: number;
  readonly to: 'broadcasts' | 'changes';
  /** One serialized TWireEvent (`{"sub":n,...}`). */
  push(event: string): void;
}

export class SubscriptionHub {
  private readonly byActor = new Map<string, Set<Subscriber>>();
  private unlisten: (() => void) | null = null;

  constructor(private readonly runtime: Runtime) {}

  get size(): number {
    let n = 0;
    for (const subscribers of this.byActor.values()) n += subscribers.size;
    return n;
  }

  add(type: string, key: string, subscriber: Subscriber): () => void {
    const id = `${type}\u0000${key}`;
    let subscribers = this.byActor.get(id);
    if (!subscribers) {
      subscribers = new Set();
      this.byActor.set(id, subscribers);
    }
    subscribers.add(subscriber);
    this.unlisten ??= this.runtime.bus.on((event) => this.route(event));
    return () => {
      subscribers.delete(subscriber);
      if (subscribers.size === 0) this.byActor.delete(id);
      if (this.byActor.size === 0) this.stop();
    };
  }

  stop(): void {
    this.unlisten?.();
    this.unlisten = null;
  }

  private route(event: RuntimeEvent): void {
    if (event.kind === 'type') return;
    const subscribers = this.byActor.get(`${event.type}\u0000${event.key}`);
    if (!subscribers) return;
    const wanted = event.kind === 'broadcast' ? 'broadcasts' : 'changes';
    let body: string | null = null; // the event without its `sub`, serialized once for all
    for (const subscriber of subscribers) {
      if (subscriber.to !== wanted) continue;
      if (body === null) {
        try {
          body = JSON.stringify(toWireEvent(0, event)).slice('{"sub":0,'.length);
        } catch {
          return; // a payload JSON cannot carry (a cycle): live views get nothing for it
        }
      }
      subscriber.push(`{"sub":${subscriber.sub},${body}`);
    }
  }
}

function toWireEvent(sub: number, event: Exclude<RuntimeEvent, { kind: 'type' }>): TWireEvent {
  switch (event.kind) {
    case 'broadcast':
      return { sub, kind: 'broadcast', event: event.event, payload: event.payload, at: event.at };
    case 'turn':
      return {
        sub,
        kind: 'turn',
        action: event.action,
        ok: event.ok,
        version: event.version,
        stateChanged: event.stateChanged === true,
        ...(event.error === undefined ? {} : { error: event.error }),
        at: event.at,
      };
    default:
      return {
        sub,
        kind: 'lifecycle',
        transition: event.transition,
        ...(event.reason === undefined ? {} : { reason: event.reason }),
        at: event.at,
      };
  }
}
