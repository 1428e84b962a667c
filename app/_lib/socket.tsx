'use client';
// The dashboard's one socket.io connection, opened once in the root layout and shared by every view.
// @see https://socket.io/how-to/use-with-react
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, THeartbeat } from '@/server/realtime/events.ts';

export type TroupeClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TSocketState {
  /** Null until mounted in the browser (never created during server rendering). */
  socket: TroupeClientSocket | null;
  connected: boolean;
  lastHeartbeat: THeartbeat | null;
  /** Browser clock (ms) when the last heartbeat arrived. */
  lastHeartbeatAt: number | null;
}

const SocketContext = createContext<TSocketState | null>(null);

export function SocketProvider({ children }: { children: ReactNode }) {
  const [socket, setSocket] = useState<TroupeClientSocket | null>(null);
  const [connected, setConnected] = useState(false);
  const [lastHeartbeat, setLastHeartbeat] = useState<THeartbeat | null>(null);
  const [lastHeartbeatAt, setLastHeartbeatAt] = useState<number | null>(null);

  useEffect(() => {
    const next: TroupeClientSocket = io({ path: '/socket.io' });
    const onConnect = () => setConnected(true);
    const onDisconnect = () => setConnected(false);
    const onHeartbeat = (beat: THeartbeat) => {
      setLastHeartbeat(beat);
      setLastHeartbeatAt(Date.now());
    };
    next.on('connect', onConnect);
    next.on('disconnect', onDisconnect);
    next.on('system:heartbeat', onHeartbeat);
    setSocket(next);
    return () => {
      next.off('connect', onConnect);
      next.off('disconnect', onDisconnect);
      next.off('system:heartbeat', onHeartbeat);
      next.disconnect();
      setSocket(null);
      setConnected(false);
    };
  }, []);

  return (
    <SocketContext.Provider value={{ socket, connected, lastHeartbeat, lastHeartbeatAt }}>
      {children}
    </SocketContext.Provider>
  );
}

export function useSocket(): TSocketState {
  const state = useContext(SocketContext);
  if (!state) throw new Error('useSocket must be used inside <SocketProvider>');
  return state;
}
