// `client.actor(type, key)`: an actor address with typed methods over the control plane, the way
// `runtime.get(type, key)` is one inside the process. Creating it does no I/O.
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../server/api/root.ts';
import type { TWireEvent } from '../server/wire/protocol.ts';
import type { ActorShape } from './actor-types.ts';
import type { createHttpInvoke } from './http-invoke.ts';
import type { TrpcClient } from './trpc-client.ts';
import type { TroupeWireError, WireClient } from './wire-client.ts';

type Inputs = inferRouterInputs<AppRouter>['actors'];
type Outputs = inferRouterOutputs<AppRouter>['actors'];

/** Per-call options of an ask: deadline, idempotency key (whatever actors.invoke accepts). */
export type AskOptions = Omit<Inputs['invoke'], 'type' | 'key' | 'action' | 'args' | 'mode'>;
export type SpawnOptions = Omit<Inputs['spawn'], 'type' | 'key'>;

/** Args may be left out when the action's schema accepts an empty object. */
type ArgsAndOptions<Args> =
  Record<never, never> extends Args
    ? [args?: Args, options?: AskOptions]
    : [args: Args, options?: AskOptions];

export interface ActorHandle<S extends ActorShape> {
  readonly type: string;
  readonly key: string;
  /** Runs the action and resolves with its result once the turn is committed. */
  ask<A extends keyof S & string>(action: A, ...rest: ArgsAndOptions<S[A]['args']>): Promise<S[A]['result']>;
  /** Like ask, plus the state version the reply was committed at. */
  askWithVersion<A extends keyof S & string>(
    action: A,
    ...rest: ArgsAndOptions<S[A]['args']>
  ): Promise<{ result: S[A]['result']; version: number }>;
  /** Enqueues the action without waiting for it to run. */
  tell<A extends keyof S & string>(action: A, ...rest: ArgsAndOptions<S[A]['args']>): Promise<void>;
  /** State, status, lifecycle history and journal (actors.get). */
  get(): Promise<Outputs['get']>;
  spawn(options?: SpawnOptions): Promise<Outputs['spawn']>;
  /** False when it was not resident. */
  deactivate(): Promise<boolean>;
  destroy(): Promise<void>;
  /**
   * Calls `handler(payload, event)` for every `ctx.broadcast(event, payload)` of this actor (any
   * event with '*') until the returned function is called. Over the WebSocket wire; renewed after
   * reconnects; `onEnded` hears why it stopped (e.g. a slow subscriber dropped by the server).
   */
  subscribe(
    event: string,
    handler: (payload: unknown, broadcast: Extract<TWireEvent, { kind: 'broadcast' }>) => void,
    onEnded?: (error: TroupeWireError) => void,
  ): () => void;
  /** Calls `handler` for every change of the actor: each turn (version, state changed) and lifecycle step. */
  watch(
    handler: (change: Exclude<TWireEvent, { kind: 'broadcast' }>) => void,
    onEnded?: (error: TroupeWireError) => void,
  ): () => void;
}

/** How a handle reaches the server: calls over tRPC (HTTP) or the wire, subscriptions always the wire. */
export interface HandleTransport {
  trpc: TrpcClient;
  /** actors.invoke as one plain fetch (http-invoke.ts): the HTTP transport's calls. */
  invoke: ReturnType<typeof createHttpInvoke>;
  /** The client's one wire connection, opened on first use. */
  wire(): WireClient;
  callsOverWire: boolean;
}

export function createActorHandle<S extends ActorShape>(
  transport: HandleTransport,
  type: string,
  key: string,
): ActorHandle<S> {
  const { trpc } = transport;
  const invoke = async (action: string, args: unknown, options: AskOptions | undefined) => {
    if (transport.callsOverWire) {
      return (await transport.wire().ask(type, key, action, args, options)) as {
        result: never;
        version: number;
      };
    }
    const reply = await transport.invoke({ ...options, type, key, action, args, mode: 'ask' });
    if (!('result' in reply)) throw new Error(`actors.invoke answered an ask with ${JSON.stringify(reply)}`);
    return reply as { result: never; version: number };
  };
  return {
    type,
    key,
    ask: async (action, ...[args, options]) => (await invoke(action, args, options)).result,
    askWithVersion: (action, ...[args, options]) => invoke(action, args, options),
    tell: async (action, ...[args, options]) => {
      if (transport.callsOverWire) {
        await transport.wire().tell(type, key, action, args, options?.idempotencyKey);
        return;
      }
      await transport.invoke({ ...options, type, key, action, args, mode: 'tell' });
    },
    get: () => trpc.actors.get.query({ type, key }),
    spawn: (options) => trpc.actors.spawn.mutate({ ...options, type, key }),
    deactivate: async () => (await trpc.actors.deactivate.mutate({ type, key })).deactivated,
    destroy: async () => {
      await trpc.actors.destroy.mutate({ type, key });
    },
    subscribe: (event, handler, onEnded) =>
      transport.wire().subscribe(
        type,
        key,
        'broadcasts',
        (e) => {
          if (e.kind === 'broadcast' && (event === '*' || e.event === event)) handler(e.payload, e);
        },
        onEnded,
      ),
    watch: (handler, onEnded) =>
      transport.wire().subscribe(
        type,
        key,
        'changes',
        (e) => {
          if (e.kind !== 'broadcast') handler(e);
        },
        onEnded,
      ),
  };
}
