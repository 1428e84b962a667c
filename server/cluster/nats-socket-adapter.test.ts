// The NATS socket.io adapter between two real socket.io servers: an emit to a room on one server
// reaches a real client in that room on the other; serverSideEmit reaches the other server; and a
// room on another cluster prefix hears nothing.
import { randomBytes } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Server } from 'socket.io';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { natsAdapter } from './nats-socket-adapter.ts';
import { TEST_NATS_URL } from './testing/in-process-cluster.ts';

const opened: { io: Server; http: HttpServer; nc: NatsConnection }[] = [];
const clients: Socket[] = [];

async function node(prefix: string) {
  const nc = await connect({ servers: TEST_NATS_URL });
  const http = createServer();
  const io = new Server(http, { adapter: natsAdapter(nc, prefix) });
  io.on('connection', (socket) => void socket.join('room'));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  opened.push({ io, http, nc });
  return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

async function client(url: string): Promise<Socket> {
  const socket = connectClient(url, { transports: ['websocket'] });
  clients.push(socket);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  return socket;
}

afterAll(async () => {
  for (const socket of clients) socket.close();
  for (const { io, nc } of opened) {
    await io.close();
    await nc.drain();
  }
});

describe('NATS socket.io adapter', () => {
  it('delivers a room emit made on one node to sockets on another, and nowhere else', async () => {
    const prefix = `troupe-test-${randomBytes(4).toString('hex')}`;
    const a = await node(prefix);
    const b = await node(prefix);
    const stranger = await node(`${prefix}-other`);
    const onA = await client(a.url);
    const elsewhere = await client(stranger.url);
    const strangerGot: unknown[] = [];
    elsewhere.on('news', (payload) => strangerGot.push(payload));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the join has run on the server
    const got = new Promise((resolve) => onA.once('news', resolve));
    b.io.to('room').emit('news', { from: 'b', n: 1 });
    await expect(got).resolves.toEqual({ from: 'b', n: 1 });

    const sockets = await b.io.in('room').fetchSockets(); // asks node a for its sockets, over NATS
    expect(sockets.map((s) => s.id)).toContain(onA.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(strangerGot).toEqual([]);
  });
});
