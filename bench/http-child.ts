// Child process: serves either Troupe's control plane (tRPC + runtime on a temp SQLite file, no
// Next) or the baseline, a bare node:http JSON echo. Prints its port on stdout.
import { createServer } from 'node:http';
import { createTroupeServer } from '../server/http-server.ts';
import { startTroupe } from '../server/troupe.ts';
import { tempDatabaseUrl } from './fixtures.ts';

const mode = process.argv[2];

if (mode === 'echo') {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ result: { data: body } }));
    });
  });
  server.listen(0, '127.0.0.1', () =>
    console.log(JSON.stringify({ port: (server.address() as { port: number }).port })),
  );
} else {
  const troupe = await startTroupe({ databaseUrl: tempDatabaseUrl() });
  const server = createTroupeServer(troupe, { heartbeatMs: 60_000 });
  const port = await server.listen(0, '127.0.0.1');
  console.log(JSON.stringify({ port }));
}
