// Cluster mode's hooks into the runtime; server/cluster implements them. The embedded runtime has
// none: it owns every actor. With a placement, every message and control call (spawn, deactivate,
// destroy, a due alarm) reaches the node that owns its actor, and an actor loads on a node only
// after that node has claimed it, so that at most one node runs it (single activation).
import type { ActorError } from './errors.ts';
import type { MessageSender } from './ref.ts';
import type { StoredAlarm } from './storage.ts';

export type AlarmFire = (alarm: StoredAlarm, onDone: (error?: ActorError) => void) => void;

/** What the runtime hands its placement: delivery on this node, without any routing. */
export interface LocalDelivery {
  fromOutside: MessageSender;
  fromTurns: MessageSender;
  fireAlarm: AlarmFire;
  /** True while (type, key) has an activation on this node (loading, active or leaving). */
  isResident(type: string, key: string): boolean;
}

/** How the runtime sends once a placement routes it. */
export interface RoutedDelivery {
  fromOutside: MessageSender;
  fromTurns: MessageSender;
  fireAlarm: AlarmFire;
}

export type ControlCall =
  | { op: 'spawn'; type: string; key: string; options: unknown }
  | { op: 'deactivate'; type: string; key: string }
  | { op: 'destroy'; type: string; key: string };

export interface Placement {
  /** Called once by the runtime's constructor. */
  attach(local: LocalDelivery): RoutedDelivery;
  /** The node a control call on (type, key) must run on; undefined when it is this one. */
  remoteNodeFor(type: string, key: string): string | undefined;
  /** Runs a control call on the node that owns the actor, and answers what it answered there. */
  forward(node: string, call: ControlCall): Promise<unknown>;
  /**
   * Before an actor loads (or is spawned or destroyed) on this node: resolves once this node owns
   * it; rejects with a retriable ActorError naming the owner when another live node does.
   */
  claim(type: string, key: string): Promise<void>;
  /** The actor left this node's memory (deactivated, reset, destroyed): its ownership may go. */
  released(type: string, key: string): void;
}
