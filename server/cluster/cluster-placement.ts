// The runtime's placement in cluster mode (runtime/placement.ts): every message, due alarm and
// control call goes to the node that runs its actor. That node is the one where the actor is
// resident, else the one rendezvous hashing prefers among the live nodes. If the chosen node finds
// the actor owned by another live node (their membership views differed for a beat, or the owner
// has not released it yet), it answers with a retriable UNAVAILABLE naming the owner, and the
// message follows it: at most MAX_HOPS times, then the caller gets the retriable error.
// Actors placed by a group (a pipeline's operators and sink) run where the group is HELD, not merely
// where the ring points: one live node holds a group at a time (ownership.ts), its actors go there
// from this node, and they activate nowhere else. A node that is to activate one without holding its
// group first asks its owner (adoptGroupsWith) to bring the group here; if it cannot, the message is
// refused retriably, naming the holder, and follows it. So membership views may differ freely: a
// group's actors never run on a node that does not hold the group.
import type { Reply } from '../runtime/envelope.ts';
import { ActorError } from '../runtime/errors.ts';
import type {
  AlarmFire,
  ControlCall,
  LocalDelivery,
  Placement,
  RoutedDelivery,
} from '../runtime/placement.ts';
import type { MessageSender, SendOptions } from '../runtime/ref.ts';
import { actorId, type StoredAlarm } from '../runtime/storage.ts';
import type { NodeReply, NodeRequest } from './node-protocol.ts';
import { errorOf } from './node-transport.ts';
import type { Ownership } from './ownership.ts';
import { RendezvousRing } from './rendezvous.ts';

const MAX_HOPS = 3;
const DEFAULT_TIMEOUT_MS = 30_000;

/** What bringing a group here came to: held here now, held (or to be held) elsewhere, or gone. */
export type GroupAdoption = 'held' | 'elsewhere' | 'gone';

export interface PlacementTransport {
  request(node: string, request: NodeRequest, timeoutMs: number): Promise<NodeReply>;
}

/** The owner a moved-actor refusal names, if the error is one. */
export function ownerNamedBy(error: unknown): string | undefined {
  if (!(error instanceof ActorError) || error.code !== 'UNAVAILABLE') return undefined;
  const owner = (error.details as { owner?: unknown } | undefined)?.owner;
  return typeof owner === 'string' ? owner : undefined;
}

export class ClusterPlacement implements Placement {
  private ring = new RendezvousRing([]);
  private local: LocalDelivery | null = null;
  /** Keys a forwarded control call is running for: they run here, whatever the ring says. */
  private readonly pinned = new Set<string>();
  /** Brings a group here when one of its actors is to activate here without it (adoptGroupsWith). */
  private adopt: (group: string) => Promise<GroupAdoption> = async () => 'elsewhere';

  constructor(
    readonly node: string,
    private readonly ownership: Ownership,
    private readonly transport: PlacementTransport,
    /** What an actor is placed by: its identity, or a group it lives with (a pipeline's operators). */
    private readonly placementKey: (type: string, key: string) => string = actorId,
  ) {}

  /** The live membership changed: recompute where actors prefer to live. */
  setLiveNodes(nodes: readonly string[]): void {
    this.ring = new RendezvousRing(nodes.includes(this.node) ? nodes : [...nodes, this.node]);
  }

  /** Where (type, key) runs: with its group where the group is held here, else where the ring says. */
  preferredNode(type: string, key: string): string {
    const placed = this.placementKey(type, key);
    if (this.isGroup(type, key, placed) && this.ownership.holdsGroup(placed)) return this.node;
    return this.homeOf(placed);
  }

  /** How this node brings a group here (the pipeline manager loads a pipeline it is home for). */
  adoptGroupsWith(adopt: (group: string) => Promise<GroupAdoption>): void {
    this.adopt = adopt;
  }

  private isGroup(type: string, key: string, placed: string): boolean {
    return placed !== actorId(type, key);
  }

  /** The node a placement key (or group) lives on among the live nodes. */
  homeOf(placementKey: string): string {
    return this.ring.ownerOf(placementKey) ?? this.node;
  }

  attach(local: LocalDelivery): RoutedDelivery {
    this.local = local;
    return {
      fromOutside: this.sender(false),
      fromTurns: this.sender(true),
      fireAlarm: (alarm, onDone) => this.fireAlarm(alarm, onDone),
    };
  }

  /** Where a message for (type, key) goes first: here when resident or preferred here. */
  private targetFor(type: string, key: string): string {
    if (this.local!.isResident(type, key) || this.pinned.has(actorId(type, key))) return this.node;
    return this.preferredNode(type, key);
  }

  remoteNodeFor(type: string, key: string): string | undefined {
    const target = this.targetFor(type, key);
    return target === this.node ? undefined : target;
  }

  async claim(type: string, key: string): Promise<void> {
    const group = this.placementKey(type, key);
    if (this.isGroup(type, key, group) && !this.ownership.holdsGroup(group)) {
      await this.bringGroup(group, `${type}/${key}`);
    }
    return this.ownership.claim(type, key);
  }

  /** Before a grouped actor activates here: its group must be held here, or the message moves on. */
  private async bringGroup(group: string, actor: string): Promise<void> {
    const outcome = await this.adopt(group);
    if (outcome === 'held' && this.ownership.holdsGroup(group)) return;
    if (outcome === 'gone') throw new ActorError('NOT_FOUND', `${actor}: ${group} does not exist`);
    const holder = (await this.ownership.holderOf(group)) ?? this.homeOf(group);
    const owner = holder === this.node ? undefined : holder;
    throw new ActorError(
      'UNAVAILABLE',
      owner ? `${actor} runs with ${group} on node ${owner}; retry there` : `${group} is moving; retry`,
      { retriable: true, owner },
    );
  }

  released(type: string, key: string): void {
    this.ownership.released(type, key);
  }

  async forward(node: string, call: ControlCall): Promise<unknown> {
    let target = node;
    for (let hop = 0; ; hop++) {
      const reply = await this.transport.request(target, { kind: 'control', call }, DEFAULT_TIMEOUT_MS);
      if (reply.ok) return reply.result;
      const error = errorOf(reply);
      const owner = ownerNamedBy(error);
      if (!owner || owner === target || hop >= MAX_HOPS) throw error;
      target = owner;
    }
  }

  /** Runs a control call another node forwarded here, here: the ring is not consulted again. */
  async runPinned<T>(type: string, key: string, run: () => Promise<T>): Promise<T> {
    const id = actorId(type, key);
    this.pinned.add(id);
    let running: Promise<T>;
    try {
      running = run(); // the runtime decides local-or-remote synchronously, at its first line
    } finally {
      this.pinned.delete(id);
    }
    return running;
  }

  private sender(fromTurn: boolean): MessageSender {
    const local = () => (fromTurn ? this.local!.fromTurns : this.local!.fromOutside);
    return {
      ask: async (type, key, action, args, options) =>
        (await this.ask(type, key, action, args, options, fromTurn, local())).result,
      askWithVersion: (type, key, action, args, options) =>
        this.ask(type, key, action, args, options, fromTurn, local()),
      tell: (type, key, action, args) => {
        const target = this.targetFor(type, key);
        if (target === this.node) local().tell(type, key, action, args);
        else {
          const request: NodeRequest = {
            kind: 'message',
            type,
            key,
            action,
            args,
            tell: true,
            timeoutMs: DEFAULT_TIMEOUT_MS,
            fromTurn,
          };
          void this.transport.request(target, request, DEFAULT_TIMEOUT_MS);
        }
      },
    };
  }

  private async ask(
    type: string,
    key: string,
    action: string,
    args: unknown,
    options: SendOptions | undefined,
    fromTurn: boolean,
    local: MessageSender,
  ): Promise<Reply> {
    const deadline = Date.now() + (options?.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let target = this.targetFor(type, key);
    for (let hop = 0; ; hop++) {
      let error: ActorError;
      if (target === this.node) {
        try {
          return await local.askWithVersion(type, key, action, args, options);
        } catch (localError) {
          if (!(localError instanceof ActorError)) throw localError;
          error = localError;
        }
      } else {
        const timeoutMs = Math.max(1, deadline - Date.now());
        const request: NodeRequest = {
          kind: 'message',
          type,
          key,
          action,
          args,
          tell: false,
          idempotencyKey: options?.idempotencyKey,
          timeoutMs,
          fromTurn,
        };
        const reply = await this.transport.request(target, request, timeoutMs);
        if (reply.ok) return { result: reply.result, version: reply.version ?? 0 };
        error = errorOf(reply);
      }
      const owner = ownerNamedBy(error);
      if (!owner || owner === target || hop >= MAX_HOPS) throw error;
      target = owner;
    }
  }

  private fireAlarm(alarm: StoredAlarm, onDone: (error?: ActorError) => void, hop = 0, to?: string): void {
    const target = to ?? this.targetFor(alarm.type, alarm.key);
    const settle = (error?: ActorError) => {
      const owner = ownerNamedBy(error);
      if (owner && owner !== target && hop < MAX_HOPS) this.fireAlarm(alarm, onDone, hop + 1, owner);
      else onDone(error);
    };
    if (target === this.node) {
      this.local!.fireAlarm(alarm, settle);
      return;
    }
    void this.transport.request(target, { kind: 'alarm', alarm }, DEFAULT_TIMEOUT_MS).then((reply) => {
      settle(reply.ok ? undefined : errorOf(reply));
    });
  }

  /** Fires an alarm another node claimed for an actor that runs here. */
  fireHere: AlarmFire = (alarm, onDone) => this.local!.fireAlarm(alarm, onDone);

  /** Delivers a message another node sent for an actor that runs here. */
  async deliverHere(request: Extract<NodeRequest, { kind: 'message' }>): Promise<NodeReply> {
    const { type, key, action, args, fromTurn } = request;
    const local = fromTurn ? this.local!.fromTurns : this.local!.fromOutside;
    if (request.tell) {
      local.tell(type, key, action, args);
      return { ok: true, result: null };
    }
    const options = { timeoutMs: request.timeoutMs, idempotencyKey: request.idempotencyKey };
    const reply = await local.askWithVersion(type, key, action, args, options);
    return { ok: true, result: reply.result, version: reply.version };
  }
}
