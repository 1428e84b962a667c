// Requests between nodes: NATS request-reply on one subject per node. A node that is gone answers
// nothing: NATS says "no responders" at once when its connection closed (a crash), and the request
// times out when the node hangs (paused, cut off); both become a retriable UNAVAILABLE.
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import {
  ACTOR_ERROR_CODES,
  ActorError,
  type ActorErrorCode,
  describeError,
  isActorError,
} from '../runtime/errors.ts';
import type { RuntimeLogger } from '../runtime/logger.ts';
import { natsAdapter } from './nats-socket-adapter.ts';
import { type NodeReply, type NodeRequest, ZNodeRequest } from './node-protocol.ts';

export type RequestHandler = (request: NodeRequest) => Promise<NodeReply>;

export class NodeTransport {
  private subscription: Subscription | null = null;
  /** Replies still being computed: close() waits for them. */
  private readonly answering = new Set<Promise<void>>();
  /** Per node asked: settles its requests still waiting when the membership finds it dead. */
  private readonly deaths = new Map<
    string,
    { answer: Promise<NodeReply>; settle: (reply: NodeReply) => void }
  >();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly logger: RuntimeLogger,
  ) {}

  /** `cluster` scopes the subjects, so clusters sharing one NATS server never hear each other. */
  static async connect(url: string, cluster: string, logger: RuntimeLogger): Promise<NodeTransport> {
    const nc = await connect({ servers: url, name: `troupe-${cluster}`, maxReconnectAttempts: -1 });
    return new NodeTransport(nc, `troupe.${cluster}`, logger);
  }

  /** A socket.io adapter on this connection: the cluster's live views share their rooms. */
  socketAdapter() {
    return natsAdapter(this.nc, this.prefix);
  }

  /** Tells every node of the cluster (this one too) about `topic`; at most once, no reply. */
  announce(topic: string, payload: unknown): void {
    this.nc.publish(`${this.prefix}.announce.${topic}`, JSON.stringify(payload));
  }

  /** Hears the announcements of `topic` from every node. */
  onAnnouncement(topic: string, listener: (payload: unknown) => void): void {
    this.nc.subscribe(`${this.prefix}.announce.${topic}`, {
      callback: (error, msg) => {
        if (error) return;
        try {
          listener(msg.json());
        } catch (listenerError) {
          this.logger.error({ err: listenerError, topic }, 'handling a cluster announcement failed');
        }
      },
    });
  }

  subjectOf(node: string): string {
    return `${this.prefix}.node.${node}`;
  }

  /** Serves this node's subject; every request is validated, then answered by `handler`. */
  serve(node: string, handler: RequestHandler): void {
    this.subscription = this.nc.subscribe(this.subjectOf(node), {
      callback: (error, msg) => {
        if (error) {
          this.logger.error({ err: error }, 'node subscription failed');
          return;
        }
        const replied = answer(msg.data, handler, this.logger).then((reply) => {
          try {
            msg.respond(JSON.stringify(reply));
          } catch (respondError) {
            this.logger.error({ err: respondError }, 'replying to a node request failed');
          }
        });
        this.answering.add(replied);
        void replied.finally(() => this.answering.delete(replied));
      },
    });
  }

  /**
   * Sends a request to `node` and waits up to `timeoutMs` for its reply, or until the membership
   * finds the node dead (a node killed after it received the request would otherwise keep its
   * caller waiting for the whole deadline).
   */
  request(node: string, request: NodeRequest, timeoutMs: number): Promise<NodeReply> {
    return Promise.race([this.send(node, request, timeoutMs), this.deathOf(node)]);
  }

  private async send(node: string, request: NodeRequest, timeoutMs: number): Promise<NodeReply> {
    try {
      const reply = await this.nc.request(this.subjectOf(node), JSON.stringify(request), {
        timeout: Math.max(1, Math.ceil(timeoutMs)),
      });
      return reply.json<NodeReply>();
    } catch (error) {
      return unanswered(node, `node ${node} did not answer (${describeError(error)}); retry`);
    }
  }

  private deathOf(node: string): Promise<NodeReply> {
    let death = this.deaths.get(node);
    if (!death) {
      let settle: (reply: NodeReply) => void = () => {};
      const answer = new Promise<NodeReply>((resolve) => (settle = resolve));
      death = { answer, settle };
      this.deaths.set(node, death);
    }
    return death.answer;
  }

  /** The membership lost these nodes: requests still waiting for them fail now, retriably. */
  nodesGone(nodes: Iterable<string>): void {
    for (const node of nodes) {
      this.deaths.get(node)?.settle(unanswered(node, `node ${node} died before answering; retry`));
      this.deaths.delete(node);
    }
  }

  /**
   * Stops serving, lets the requests being answered send their replies (a caller would otherwise
   * wait for its whole deadline: a node restarted under the same id never looks dead), then closes.
   */
  async close({ replyWithinMs = 5_000 }: { replyWithinMs?: number } = {}): Promise<void> {
    this.subscription?.unsubscribe();
    if (this.answering.size > 0 && replyWithinMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise((resolve) => {
        timer = setTimeout(resolve, replyWithinMs);
      });
      await Promise.race([Promise.allSettled([...this.answering]), late]);
      clearTimeout(timer);
    }
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

async function answer(data: Uint8Array, handler: RequestHandler, logger: RuntimeLogger): Promise<NodeReply> {
  let request: NodeRequest;
  try {
    request = ZNodeRequest.parse(JSON.parse(new TextDecoder().decode(data))) as NodeRequest;
  } catch {
    return { ok: false, code: 'BAD_INPUT', message: 'malformed node request' };
  }
  try {
    return await handler(request);
  } catch (error) {
    const reply = replyOf(error);
    // Expected refusals travel back to the caller; anything else is a bug to find in this log.
    if (!reply.ok && reply.message === UNEXPECTED)
      logger.error({ err: error, kind: request.kind }, 'node request failed');
    return reply;
  }
}

function unanswered(node: string, message: string): NodeReply {
  return { ok: false, code: 'UNAVAILABLE', message, details: { retriable: true, node } };
}

/** An error as a reply: ActorErrors keep code and details; anything else is a generic UNAVAILABLE. */
export function replyOf(error: unknown): NodeReply {
  // A procedure run through tRPC's caller throws a TRPCError whose cause is the runtime's error.
  const cause = isActorError(error) ? error : (error as { cause?: unknown } | null)?.cause;
  if (isActorError(cause))
    return { ok: false, code: cause.code, message: cause.message, details: cause.details };
  if ((error as { code?: unknown } | null)?.code === 'BAD_REQUEST')
    return { ok: false, code: 'BAD_INPUT', message: (error as Error).message };
  return { ok: false, code: 'UNAVAILABLE', message: UNEXPECTED };
}

const UNEXPECTED = 'the node failed to handle the request';

/** A failed reply as the ActorError the caller on this node gets. */
export function errorOf(reply: Extract<NodeReply, { ok: false }>): ActorError {
  const known = (ACTOR_ERROR_CODES as readonly string[]).includes(reply.code);
  return new ActorError(known ? (reply.code as ActorErrorCode) : 'UNAVAILABLE', reply.message, reply.details);
}
