// The SDK's side of the WebSocket wire (server/wire/protocol.ts): one persistent connection for
// actor calls and subscriptions. It reconnects with backoff; a call in flight when the connection
// drops fails with a retriable error (retry it with the same idempotency key: applied once);
// subscriptions are renewed on every reconnect. `close()` ends it for good.
import WebSocket from 'ws';
import type { TClientFrame, TServerFrame, TWireError, TWireEvent } from '../server/wire/protocol.ts';
import { TroupeWireError } from './wire-error.ts';

export { TroupeWireError };

const CONNECTION_LOST: TWireError = {
  code: 'SERVICE_UNAVAILABLE',
  actorCode: null,
  message: 'the connection closed before the answer; retry with the same idempotency key',
};
/** The server answers an ask by its deadline (default 30 s); past it plus this grace, the SDK stops waiting. */
const DEFAULT_ASK_TIMEOUT_MS = 30_000;
const CLIENT_GRACE_MS = 5_000;
const SWEEP_MS = 1_000;
/** Calls sent while not connected wait for the connection, up to this many. */
const MAX_QUEUED = 10_000;

export interface WireClientOptions {
  /** Base URL of the server (http or ws scheme), e.g. http://127.0.0.1:3000. */
  url: string;
  token?: string;
  /** Reconnect backoff bounds (doubling, with jitter). */
  minReconnectMs?: number;
  maxReconnectMs?: number;
  /** How long past the server's own deadline a call waits before failing TIMEOUT here (default 5 s). */
  deadlineGraceMs?: number;
}

interface PendingCall {
  frame: TClientFrame;
  /** performance.now() past which the call fails TIMEOUT here, whatever the server does. */
  deadline: number;
  resolve(frame: TServerFrame): void;
  reject(error: TroupeWireError): void;
}

interface Subscription {
  frame: Extract<TClientFrame, { op: 'subscribe' }>;
  onEvent(event: TWireEvent): void;
  onEnded(error: TroupeWireError): void;
}

export class WireClient {
  private ws: WebSocket | null = null;
  private ready = false;
  private closed = false;
  private nextId = 1;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly calls = new Map<number, PendingCall>();
  /** Calls not sent yet: they go out once the connection is ready. */
  private queued = new Set<number>();
  private readonly subscriptions = new Map<number, Subscription>();
  private readonly endpoint: string;
  /** Fails calls past their deadline: a server that went silent without closing the connection. */
  private sweeper: NodeJS.Timeout | null = null;
  private outbox: string[] = [];
  private batching = false;

  constructor(private readonly options: WireClientOptions) {
    this.endpoint = `${options.url.replace(/^http/, 'ws').replace(/\/+$/, '')}/api/ws`;
    this.connect();
  }

  /** Runs `action` and resolves with its committed result and version. */
  ask(
    type: string,
    key: string,
    action: string,
    args: unknown,
    options: { timeoutMs?: number; idempotencyKey?: string } = {},
  ): Promise<{ result: unknown; version: number; unreadable?: string }> {
    return this.call({ op: 'ask', id: this.nextId++, type, key, action, args, ...options }).then((frame) => {
      if (frame.op !== 'result') throw new Error(`unexpected answer to an ask: ${frame.op}`);
      const { result, version, unreadable } = frame;
      return unreadable === undefined ? { result, version } : { result, version, unreadable };
    });
  }

  /** Queues `action`; resolves once the server accepted it (or rejects with why it was refused). */
  async tell(
    type: string,
    key: string,
    action: string,
    args: unknown,
    idempotencyKey?: string,
  ): Promise<void> {
    await this.call({ op: 'tell', id: this.nextId++, type, key, action, args, idempotencyKey });
  }

  /** Delivers the actor's broadcasts or changes to `onEvent` until the returned function is called. */
  subscribe(
    type: string,
    key: string,
    to: 'broadcasts' | 'changes',
    onEvent: (event: TWireEvent) => void,
    onEnded: (error: TroupeWireError) => void = () => undefined,
  ): () => void {
    const frame = { op: 'subscribe' as const, id: this.nextId++, type, key, to };
    this.subscriptions.set(frame.id, { frame, onEvent, onEnded });
    if (this.ready) this.send(frame);
    return () => {
      if (!this.subscriptions.delete(frame.id)) return;
      if (this.ready) this.send({ op: 'unsubscribe', id: frame.id });
    };
  }

  /** Closes the connection for good: pending calls fail, nothing reconnects. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    this.failAll({ code: 'CLIENT_CLOSED_REQUEST', actorCode: null, message: 'the client was closed' });
    this.subscriptions.clear();
    this.ws?.close(1000, 'client closed');
  }

  private call(frame: Extract<TClientFrame, { id: number }>): Promise<TServerFrame> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(
          new TroupeWireError({
            code: 'CLIENT_CLOSED_REQUEST',
            actorCode: null,
            message: 'the client was closed',
          }),
        );
        return;
      }
      if (!this.ready && this.queued.size >= MAX_QUEUED) {
        const message = `not connected, and ${MAX_QUEUED} calls already wait for the connection`;
        reject(new TroupeWireError({ code: 'TOO_MANY_REQUESTS', actorCode: null, message }));
        return;
      }
      const serverDeadline = frame.op === 'ask' ? (frame.timeoutMs ?? DEFAULT_ASK_TIMEOUT_MS) : 0;
      const deadline = performance.now() + serverDeadline + (this.options.deadlineGraceMs ?? CLIENT_GRACE_MS);
      this.calls.set(frame.id, { frame, deadline, resolve, reject });
      if (!this.sweeper) {
        this.sweeper = setInterval(() => this.expire(), SWEEP_MS);
        this.sweeper.unref(); // never what keeps a program alive
      }
      if (this.ready) this.send(frame);
      else this.queued.add(frame.id);
    });
  }

  private connect(): void {
    const ws = new WebSocket(this.endpoint, {
      headers: this.options.token ? { authorization: `Bearer ${this.options.token}` } : {},
      perMessageDeflate: false,
    });
    this.ws = ws;
    // The header authenticates at once; the hello frame does where a proxy drops headers, and its
    // answer tells a client without a token that one is required (the server closes with 4401).
    const { token } = this.options;
    ws.on('open', () => this.send(token ? { op: 'hello', token } : { op: 'hello' }));
    ws.on('message', (data) => this.receive(data.toString()));
    ws.on('close', (code) => this.onClose(ws, code));
    ws.on('error', () => undefined); // 'close' follows and decides
  }

  /** A message is one frame, or an array of them (what the server produced in one tick). */
  private receive(text: string): void {
    let message: TServerFrame | TServerFrame[];
    try {
      message = JSON.parse(text) as TServerFrame | TServerFrame[];
    } catch {
      return;
    }
    if (Array.isArray(message)) for (const frame of message) this.handle(frame);
    else this.handle(message);
  }

  private handle(frame: TServerFrame): void {
    switch (frame.op) {
      case 'ready':
        this.onReady();
        return;
      case 'events':
        for (const event of frame.events) this.subscriptions.get(event.sub)?.onEvent(event);
        return;
      case 'ended': {
        const subscription = this.subscriptions.get(frame.id);
        this.subscriptions.delete(frame.id);
        subscription?.onEnded(new TroupeWireError(frame.error));
        return;
      }
      case 'error':
        if (frame.id === null) return;
        if (this.subscriptions.has(frame.id)) {
          const subscription = this.subscriptions.get(frame.id)!;
          this.subscriptions.delete(frame.id);
          subscription.onEnded(new TroupeWireError(frame.error));
          return;
        }
        this.settle(frame.id)?.reject(new TroupeWireError(frame.error));
        return;
      default:
        if (this.subscriptions.has(frame.id)) return; // a subscription's acknowledgement
        this.settle(frame.id)?.resolve(frame);
    }
  }

  private settle(id: number): PendingCall | undefined {
    const call = this.calls.get(id);
    this.calls.delete(id);
    return call;
  }

  private onReady(): void {
    if (this.ready) return;
    this.ready = true;
    this.attempt = 0;
    for (const subscription of this.subscriptions.values()) this.send(subscription.frame);
    const queued = this.queued;
    this.queued = new Set();
    for (const id of queued) {
      const call = this.calls.get(id);
      if (call) this.send(call.frame);
    }
  }

  private onClose(ws: WebSocket, code: number): void {
    if (this.ws !== ws) return;
    this.ws = null;
    const wasReady = this.ready;
    this.ready = false;
    if (code === 4401) {
      // A wrong token stays wrong: fail everything, do not retry with it.
      this.closed = true;
      this.failAll({ code: 'UNAUTHORIZED', actorCode: null, message: 'the server refused the token' });
      return;
    }
    // Calls already sent may or may not have run: the caller decides (idempotency keys make it safe).
    // Calls still queued were never sent: they wait for the next connection.
    for (const [id, call] of this.calls) {
      if (this.queued.has(id)) continue;
      this.calls.delete(id);
      call.reject(new TroupeWireError(CONNECTION_LOST));
    }
    if (this.closed) return;
    const min = this.options.minReconnectMs ?? 50;
    const max = this.options.maxReconnectMs ?? 5_000;
    const delay = wasReady ? min : Math.min(max, min * 2 ** this.attempt++);
    this.reconnectTimer = setTimeout(
      () => {
        this.reconnectTimer = null;
        if (!this.closed) this.connect();
      },
      delay * (0.5 + Math.random() / 2),
    );
  }

  private expire(): void {
    const now = performance.now();
    for (const [id, call] of this.calls) {
      if (call.deadline > now) continue;
      this.calls.delete(id);
      this.queued.delete(id);
      const message =
        'no answer in time (the server or the network went silent); retry with the same idempotency key';
      call.reject(new TroupeWireError({ code: 'TIMEOUT', actorCode: null, message }));
    }
    if (this.calls.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = null;
    }
  }

  private failAll(error: TWireError): void {
    for (const call of this.calls.values()) call.reject(new TroupeWireError(error));
    this.calls.clear();
    this.queued.clear();
  }

  /**
   * The first frame of a tick leaves at once (no added latency for a lone call); frames made later
   * in the same tick leave together at its end: 64 callers continuing after one burst of answers
   * cost two messages and two writes instead of 64.
   */
  private send(frame: TClientFrame): void {
    const text = JSON.stringify(frame);
    if (this.batching) {
      this.outbox.push(text);
      return;
    }
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(text);
    this.batching = true;
    setImmediate(() => {
      this.batching = false;
      const outbox = this.outbox;
      this.outbox = [];
      if (outbox.length === 0 || this.ws?.readyState !== WebSocket.OPEN) return; // a reconnect re-sends what is pending
      this.ws.send(outbox.length === 1 ? outbox[0]! : `[${outbox.join(',')}]`);
    });
  }
}
