import type { ActorRefLike } from './definition.ts';
import type { Reply } from './envelope.ts';

export interface SendOptions {
  timeoutMs?: number;
  /** A retry with the same key returns the first answer instead of applying the action again. */
  idempotencyKey?: string;
}

/** How a ref reaches its actor: the dispatcher (from outside, or from a turn). */
export interface MessageSender {
  ask(type: string, key: string, action: string, args: unknown, options?: SendOptions): Promise<unknown>;
  askWithVersion(
    type: string,
    key: string,
    action: string,
    args: unknown,
    options?: SendOptions,
  ): Promise<Reply>;
  tell(type: string, key: string, action: string, args: unknown): void;
}

/** An address, not a connection: creating one does no I/O and activates nothing. */
export class ActorRef implements ActorRefLike {
  constructor(
    readonly type: string,
    readonly key: string,
    private readonly sender: MessageSender,
  ) {}

  ask<R = unknown>(action: string, args?: unknown, options?: SendOptions): Promise<R> {
    return this.sender.ask(this.type, this.key, action, args, options) as Promise<R>;
  }

  /** Like ask, plus the state version the reply was committed at. */
  askWithVersion(action: string, args?: unknown, options?: SendOptions): Promise<Reply> {
    return this.sender.askWithVersion(this.type, this.key, action, args, options);
  }

  tell(action: string, args?: unknown): void {
    this.sender.tell(this.type, this.key, action, args);
  }
}
