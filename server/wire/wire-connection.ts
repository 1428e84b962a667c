// One client connection of the WebSocket wire: authenticates (hello frame or bearer header), runs
// calls against the runtime with the control plane's rules (schemas, internal types refused, one
// error-code table), bounds what one connection may have in flight, and batches subscription
// events into one frame per tick. A subscriber that does not read is not buffered without bound:
// past a soft cap its subscriptions end with a typed error, past a hard cap it is disconnected.
import type { WebSocket } from 'ws';
import { TRPC_CODE_OF } from '../api/error-codes.ts';
import { isAuthorized } from '../auth.ts';
import { isActorError } from '../runtime/errors.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { parseClientFrame } from './fast-frame.ts';
import { CLOSE, type TClientFrame, type TServerFrame, type TWireError } from './protocol.ts';
import type { SubscriptionHub } from './subscription-hub.ts';

export interface WireLimits {
  /** Calls one connection may have waiting for their answer; more are refused TOO_MANY_REQUESTS. */
  maxInFlight: number;
  /** Subscriptions one connection may hold. */
  maxSubscriptions: number;
  /** Unsent bytes past which subscriptions end (slow subscriber). */
  softBufferBytes: number;
  /** Unsent bytes past which the connection is closed. */
  hardBufferBytes: number;
}

export interface WireConnectionDeps {
  runtime: Runtime;
  hub: SubscriptionHub;
  token: string | undefined;
  limits: WireLimits;
  logError(context: Record<string, unknown>, message: string): void;
}

/** Frames one message may carry (a client's calls of one tick). */
const MAX_FRAMES_PER_MESSAGE = 1_024;
/** How long an unauthenticated connection may stay open without a valid hello. */
const HELLO_TIMEOUT_MS = 10_000;

const wireError = (code: TWireError['code'], message: string): TWireError => ({
  code,
  actorCode: null,
  message,
});

export class WireConnection {
  private authorized: boolean;
  private inFlight = 0;
  private readonly subscriptions = new Map<number, () => void>();
  /** Serialized events (see subscription-hub.ts) waiting for this tick's flush. */
  private pending: string[] = [];
  private flushScheduled = false;
  /** Serialized frames waiting for this tick's flush. */
  private outbox: string[] = [];
  private helloTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: WireConnectionDeps,
    presentedToken: string | undefined,
  ) {
    this.authorized = isAuthorized(deps.token, presentedToken);
    ws.on('message', (data, isBinary) => this.receiveMessage(isBinary ? null : data.toString()));
    ws.on('close', () => this.dispose());
    if (!this.authorized) {
      // A connection that never proves the token holds nothing for long.
      this.helloTimer = setTimeout(
        () => ws.close(CLOSE.UNAUTHORIZED, 'no hello with a valid token'),
        HELLO_TIMEOUT_MS,
      );
    }
    ws.on('error', () => undefined); // a reset connection is closed; nothing to answer
    if (this.authorized) this.send({ op: 'ready' });
  }

  /** A message is one frame, or an array of frames (what a client sent in one tick). */
  private receiveMessage(text: string | null): void {
    let message: unknown;
    try {
      message = text === null ? undefined : JSON.parse(text);
    } catch {
      this.send({ op: 'error', id: null, error: wireError('PARSE_ERROR', 'a message must be JSON') });
      return;
    }
    if (!Array.isArray(message)) {
      this.receive(message);
      return;
    }
    if (message.length > MAX_FRAMES_PER_MESSAGE) {
      const refusal = `at most ${MAX_FRAMES_PER_MESSAGE} frames per message`;
      this.send({ op: 'error', id: null, error: wireError('PAYLOAD_TOO_LARGE', refusal) });
      return;
    }
    for (const frame of message) this.receive(frame);
  }

  private receive(message: unknown): void {
    const parsed = parseClientFrame(message);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'frame'}: ${i.message}`);
      const error = wireError('BAD_REQUEST', `invalid frame: ${issues.join('; ')}`);
      this.send({ op: 'error', id: idOf(message), error });
      return;
    }
    const frame: TClientFrame = parsed.data;
    if (frame.op === 'hello') {
      this.hello(frame.token);
      return;
    }
    if (!this.authorized) {
      this.ws.close(CLOSE.UNAUTHORIZED, 'send {op:"hello", token} first');
      return;
    }
    switch (frame.op) {
      case 'ask':
        void this.ask(frame);
        return;
      case 'tell':
        this.tell(frame);
        return;
      case 'subscribe':
        this.subscribe(frame);
        return;
    }
    this.subscriptions.get(frame.id)?.();
    this.subscriptions.delete(frame.id);
  }

  private hello(token: string | undefined): void {
    if (!this.authorized && !isAuthorized(this.deps.token, token)) {
      this.ws.close(CLOSE.UNAUTHORIZED, token ? 'invalid token' : 'this server requires a token');
      return;
    }
    this.authorized = true;
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.send({ op: 'ready' });
  }

  /** Internal types (pipeline operators and sinks) are driven by the runtime only, as over tRPC. */
  private refusedType(id: number, type: string): boolean {
    if (!this.deps.runtime.registry.find(type)?.internal) return false;
    const message = `actor type "${type}" is internal to the runtime; inspect it, do not drive it`;
    this.send({ op: 'error', id, error: { code: 'FORBIDDEN', actorCode: 'FORBIDDEN', message } });
    return true;
  }

  private async ask(frame: Extract<TClientFrame, { op: 'ask' }>): Promise<void> {
    const { id, type, key, action, args, timeoutMs, idempotencyKey } = frame;
    if (this.refusedType(id, type)) return;
    if (this.inFlight >= this.deps.limits.maxInFlight) {
      const message = `more than ${this.deps.limits.maxInFlight} calls in flight on this connection`;
      this.send({ op: 'error', id, error: wireError('TOO_MANY_REQUESTS', message) });
      return;
    }
    this.inFlight++;
    try {
      const reply = await this.deps.runtime
        .get(type, key)
        .askWithVersion(action, args, { timeoutMs, idempotencyKey });
      this.sendResult(id, reply.result, reply.version);
    } catch (error) {
      this.sendFailure(id, error);
    } finally {
      this.inFlight--;
    }
  }

  private tell(frame: Extract<TClientFrame, { op: 'tell' }>): void {
    const { id, type, key, action, args, idempotencyKey } = frame;
    if (this.refusedType(id, type)) return;
    const refused = this.deps.runtime.tryTell(type, key, action, args, idempotencyKey);
    if (refused) this.sendFailure(id, refused);
    else this.send({ op: 'queued', id });
  }

  private subscribe(frame: Extract<TClientFrame, { op: 'subscribe' }>): void {
    const { id, type, key, to } = frame;
    if (this.subscriptions.has(id)) return;
    if (!this.deps.runtime.registry.find(type)) {
      this.send({
        op: 'error',
        id,
        error: { code: 'NOT_FOUND', actorCode: 'NOT_FOUND', message: `unknown actor type "${type}"` },
      });
      return;
    }
    if (this.subscriptions.size >= this.deps.limits.maxSubscriptions) {
      const message = `more than ${this.deps.limits.maxSubscriptions} subscriptions on this connection`;
      this.send({ op: 'error', id, error: wireError('TOO_MANY_REQUESTS', message) });
      return;
    }
    const remove = this.deps.hub.add(type, key, { sub: id, to, push: (event) => this.push(event) });
    this.subscriptions.set(id, remove);
    this.send({ op: 'queued', id }); // acknowledged: events flow from now on
  }

  private push(event: string): void {
    this.pending.push(event);
    this.scheduleFlush();
  }

  /**
   * Everything this tick produced leaves in one message (one frame, or an array of them): a burst of
   * answers after a group commit costs one write, not one per call.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length > 0) this.flushEvents();
    const outbox = this.outbox;
    this.outbox = [];
    if (outbox.length === 0 || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(outbox.length === 1 ? outbox[0]! : `[${outbox.join(',')}]`);
  }

  private flushEvents(): void {
    const events = this.pending;
    this.pending = [];
    if (this.ws.readyState !== this.ws.OPEN) return;
    const { softBufferBytes, hardBufferBytes } = this.deps.limits;
    if (this.ws.bufferedAmount > hardBufferBytes) {
      this.ws.close(CLOSE.SLOW_CONSUMER, 'slow consumer: too much unread');
      return;
    }
    if (this.ws.bufferedAmount > softBufferBytes) {
      this.endSubscriptions(
        `slow subscriber: more than ${softBufferBytes} bytes unread; events were dropped`,
      );
      return;
    }
    this.outbox.push(`{"op":"events","events":[${events.join(',')}]}`);
  }

  private endSubscriptions(message: string): void {
    for (const [id, remove] of this.subscriptions) {
      remove();
      this.send({ op: 'ended', id, error: wireError('TOO_MANY_REQUESTS', message) });
    }
    this.subscriptions.clear();
  }

  private sendResult(id: number, result: unknown, version: number): void {
    let text: string;
    try {
      text = JSON.stringify({ op: 'result', id, result, version });
    } catch (error) {
      // The turn applied: the caller learns its version, and why the result cannot travel.
      const unreadable = `result: ${error instanceof Error ? error.message : 'not JSON'}`;
      text = JSON.stringify({ op: 'result', id, result: null, version, unreadable });
    }
    this.enqueue(text);
  }

  private sendFailure(id: number, error: unknown): void {
    if (isActorError(error)) {
      const wire = { code: TRPC_CODE_OF[error.code], actorCode: error.code, message: error.message };
      this.send({ op: 'error', id, error: wire });
      return;
    }
    this.deps.logError({ err: error, id }, 'wire call failed');
    this.send({ op: 'error', id, error: wireError('INTERNAL_SERVER_ERROR', 'internal error') });
  }

  private send(frame: TServerFrame): void {
    this.enqueue(JSON.stringify(frame));
  }

  /** The first frame of a tick leaves at once; later ones of the same tick wait for its flush. */
  private enqueue(text: string): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.flushScheduled) {
      this.outbox.push(text);
      return;
    }
    this.ws.send(text);
    this.scheduleFlush();
  }

  private dispose(): void {
    if (this.helloTimer) clearTimeout(this.helloTimer);
    for (const remove of this.subscriptions.values()) remove();
    this.subscriptions.clear();
    this.pending = [];
  }
}

/** The call id of a frame that failed validation, when it has a usable one. */
function idOf(message: unknown): number | null {
  const id = typeof message === 'object' && message !== null ? (message as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}
