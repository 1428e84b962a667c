// A socket.io adapter over NATS (DESIGN: NATS carries the live-view fan-out between nodes): an
// emit to a room on one node reaches that room's sockets on every node. Built on socket.io's own
// ClusterAdapterWithHeartbeat, which implements the cluster protocol (broadcasts, acks,
// fetchSockets, serverSideEmit) and asks an adapter only to publish messages and responses; ours
// publish them on NATS subjects of the cluster. Payloads are JSON: Troupe's live events carry no
// binary attachments.
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  ClusterAdapterWithHeartbeat,
  type ClusterMessage,
  type ClusterResponse,
  type ServerId,
} from 'socket.io-adapter';

/** A NATS subject token for any namespace name ("/" is the default one). */
const tokenOf = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);

class NatsAdapter extends ClusterAdapterWithHeartbeat {
  private readonly subject: string;
  private readonly subscriptions: Subscription[] = [];

  constructor(
    nsp: { name: string },
    private readonly nc: NatsConnection,
    prefix: string,
  ) {
    super(nsp, { heartbeatInterval: 5_000, heartbeatTimeout: 10_000 });
    this.subject = `${prefix}.sio.${tokenOf(nsp.name)}`;
    const decode = (data: Uint8Array) => JSON.parse(new TextDecoder().decode(data));
    this.subscriptions.push(
      nc.subscribe(this.subject, {
        callback: (error, msg) => {
          if (error) return;
          const message = decode(msg.data) as ClusterMessage;
          if (message.uid !== this.uid) this.onMessage(message);
        },
      }),
      nc.subscribe(`${this.subject}.response.${this.uid}`, {
        callback: (error, msg) => {
          if (!error) this.onResponse(decode(msg.data) as ClusterResponse);
        },
      }),
    );
  }

  protected override async doPublish(message: ClusterMessage): Promise<string> {
    this.nc.publish(this.subject, JSON.stringify(message));
    return ''; // NATS core keeps no offsets: no connection-state recovery across nodes
  }

  protected override async doPublishResponse(
    requesterUid: ServerId,
    response: ClusterResponse,
  ): Promise<void> {
    this.nc.publish(`${this.subject}.response.${requesterUid}`, JSON.stringify(response));
  }

  override close(): void {
    super.close();
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }
}

/** `io.adapter(natsAdapter(nc, prefix))`: nodes sharing `prefix` share their rooms. */
export function natsAdapter(nc: NatsConnection, prefix: string) {
  // socket.io constructs the adapter of each namespace itself: it takes a class.
  return class extends NatsAdapter {
    constructor(nsp: { name: string }) {
      super(nsp, nc, prefix);
    }
  };
}
