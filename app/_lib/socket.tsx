'use client';
// The dashboard's one socket.io connection, opened once in the root layout and shared by every view.
// Views join rooms through `useSubscription` (reference-counted, so two views sharing a room do not
// unsubscribe each other) and every room is re-joined on each (re)connect: the server forgets rooms
// when a connection drops.
// @see https://socket.io/how-to/use-with-react
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useEffectEvent,
  useRef,
  useState,
} from 'react';
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  THeartbeat,
  TSubscription,
} from '@/server/realtime/events.ts';

export type TroupeClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TSocketState {
  /** Null until mounted in the browser (never created during server rendering). */
  socket: TroupeClientSocket | null;
  connected: boolean;
  lastHeartbeat: THeartbeat | null;
  /** Browser clock (ms) when the last heartbeat arrived. */
  lastHeartbeatAt: number | null;
  /** Why the last connection attempt failed (e.g. UNAUTHORIZED), until the next success. */
  connectError: string | null;
  /** Browser clock (ms) when a live connection dropped; null while connected or before the first. */
  disconnectedAt: number | null;
  /** Successful connections so far: a change after the first is a reconnect (views re-read then). */
  connects: number;
  /** Joins a room until the returned release function is called. */
  subscribe: (subscription: TSubscription) => () => void;
}

const SocketContext = createContext<TSocketState | null>(null);

const subscriptionId = (s: TSubscription) => JSON.stringify([s.topic, s.type, s.key, s.id]);

interface Held {
  subscription: TSubscription;
  count: number;
}

export function SocketProvider({ children }: { children: ReactNode }) {
  const [socket, setSocket] = useState<TroupeClientSocket | null>(null);
  const [connected, setConnected] = useState(false);
  const [lastHeartbeat, setLastHeartbeat] = useState<THeartbeat | null>(null);
  const [lastHeartbeatAt, setLastHeartbeatAt] = useState<number | null>(null);
  const [connectError, setConnectError] = useState<string | null>(null);
  const [disconnectedAt, setDisconnectedAt] = useState<number | null>(null);
  const [connects, setConnects] = useState(0);
  const held = useRef(new Map<string, Held>());

  useEffect(() => {
    const next: TroupeClientSocket = io({ path: '/socket.io' });
    const onConnect = () => {
      setConnected(true);
      setConnectError(null);
      setDisconnectedAt(null);
      setConnects((n) => n + 1);
      for (const { subscription } of held.current.values()) next.emit('subscribe', subscription);
    };
    const onDisconnect = () => {
      setConnected(false);
      setDisconnectedAt(Date.now());
    };
    const onConnectError = (error: Error) => setConnectError(error.message);
    const onHeartbeat = (beat: THeartbeat) => {
      setLastHeartbeat(beat);
      setLastHeartbeatAt(Date.now());
    };
    next.on('connect', onConnect);
    next.on('disconnect', onDisconnect);
    next.on('connect_error', onConnectError);
    next.on('system:heartbeat', onHeartbeat);
    setSocket(next);
    return () => {
      next.off('connect', onConnect);
      next.off('disconnect', onDisconnect);
      next.off('connect_error', onConnectError);
      next.off('system:heartbeat', onHeartbeat);
      next.disconnect();
      setSocket(null);
      setConnected(false);
    };
  }, []);

  const subscribe = useCallback(
    (subscription: TSubscription) => {
      if (!socket) return () => {};
      const id = subscriptionId(subscription);
      const entry = held.current.get(id);
      if (entry) entry.count++;
      else {
        held.current.set(id, { subscription, count: 1 });
        // While disconnected, `connect` sends it; emitting now would only queue a duplicate.
        if (socket.connected) socket.emit('subscribe', subscription);
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const current = held.current.get(id);
        if (!current) return;
        current.count--;
        if (current.count > 0) return;
        held.current.delete(id);
        if (socket.connected) socket.emit('unsubscribe', subscription);
      };
    },
    [socket],
  );

  return (
    <SocketContext.Provider
      value={{
        socket,
        connected,
        lastHeartbeat,
        lastHeartbeatAt,
        connectError,
        disconnectedAt,
        connects,
        subscribe,
      }}
    >
      {children}
    </SocketContext.Provider>
  );
}

export function useSocket(): TSocketState {
  const state = useContext(SocketContext);
  if (!state) throw new Error('useSocket must be used inside <SocketProvider>');
  return state;
}

/** Keeps this view in a room while mounted (null: in none). Re-joined after every reconnect. */
export function useSubscription(subscription: TSubscription | null): void {
  const { subscribe } = useSocket();
  const id = subscription ? subscriptionId(subscription) : null;
  useEffect(() => {
    if (!id) return;
    const [topic, type, key, pipelineId] = JSON.parse(id) as [
      TSubscription['topic'],
      string?,
      string?,
      string?,
    ];
    return subscribe({ topic, type: type ?? undefined, key: key ?? undefined, id: pipelineId ?? undefined });
  }, [id, subscribe]);
}

type EventName = keyof ServerToClientEvents;
type EventArg<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/** Calls `handler` for every `event` the server pushes while mounted (latest handler, stable listener). */
export function useSocketEvent<E extends EventName>(event: E, handler: (payload: EventArg<E>) => void): void {
  const { socket } = useSocket();
  const onEvent = useEffectEvent(handler);
  useEffect(() => {
    if (!socket) return;
    // socket.io's typed `on` cannot follow a generic event name; EventArg keeps the handler honest.
    const listener = (payload: unknown) => onEvent(payload as EventArg<E>);
    const untyped = socket as unknown as Socket;
    untyped.on(event as string, listener);
    return () => {
      untyped.off(event as string, listener);
    };
  }, [socket, event]);
}
