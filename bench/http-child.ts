// Child process: serves Troupe's control plane (tRPC + runtime on a temp SQLite file, no Next), or
// a baseline: a bare node:http JSON echo, a bare ws echo (the wire's baseline), or a bare tRPC server (same adapter and transformer as
// Troupe, one echo procedure) to separate tRPC's own cost from Troupe's. Prints its port on stdout.
import { createServer, type Server } from 'node:http';
import { initTRPC } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import superjson from 'superjson';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import { createTroupeServer } from '../server/http-server.ts';
import { startTroupe } from '../server/troupe.ts';
import { benchCounter, tempDatabaseUrl } from './fixtures.ts';

const mode = process.argv[2];

const announce = (server: Server) =>
  server.listen(0, '127.0.0.1', () => {
    console.log(JSON.stringify({ port: (server.address() as { port: number }).port }));
  });

if (mode === 'echo') {
  announce(
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ result: { data: body } }));
      });
    }),
  );
} else if (mode === 'ws-echo') {
  // The wire's baseline: a bare ws server answering each call frame with a result frame (one JSON
  // parse and one stringify per call, as the wire does), so the SDK client runs unchanged against it.
  const server = createServer();
  const wss = new WebSocketServer({ server, path: '/api/ws', perMessageDeflate: false });
  wss.on('connection', (ws) => {
    ws.send('{"op":"ready"}');
    // A message is one frame or an array of them; answers go back the same way, as the wire does.
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      const frames: { op: string; id: number; args: unknown }[] = Array.isArray(message)
        ? message
        : [message];
      const answers = frames
        .filter((frame) => frame.op === 'ask')
        .map((frame) => JSON.stringify({ op: 'result', id: frame.id, result: frame.args, version: 0 }));
      if (answers.length > 0) ws.send(answers.length === 1 ? answers[0]! : `[${answers.join(',')}]`);
    });
  });
  announce(server);
} else if (mode === 'trpc-echo') {
  const t = initTRPC.create({ transformer: superjson });
  const router = t.router({
    echo: t.procedure.input(z.unknown()).mutation(({ input }) => ({ result: input, version: 0 })),
  });
  announce(createServer(createHTTPHandler({ router, basePath: '/api/trpc/' })));
} else {
  // bench-counter: the unjournaled durable counter the in-process "durable increments" suite uses.
  const troupe = await startTroupe({ databaseUrl: tempDatabaseUrl(), types: [benchCounter] });
  const server = createTroupeServer(troupe, { heartbeatMs: 60_000 });
  const port = await server.listen(0, '127.0.0.1');
  console.log(JSON.stringify({ port }));
}
