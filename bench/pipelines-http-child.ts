// Child process of the HTTP noisy-neighbour bench (pipelines-http.ts): Troupe's control plane
// (tRPC, no Next) on a temp SQLite file with the given number of operator worker threads and
// scheduler policy. Prints its port on stdout.
import { createTroupeServer } from '../server/http-server.ts';
import { startTroupe } from '../server/troupe.ts';
import { tempDatabaseUrl } from './fixtures.ts';

const operatorWorkers = Number(process.argv[2] ?? 0);
const policy = process.argv[3] === 'fifo' ? 'fifo' : 'fair';
const troupe = await startTroupe({
  databaseUrl: tempDatabaseUrl(),
  operatorWorkers,
  runtime: { scheduler: { policy } },
});
const server = createTroupeServer(troupe, { heartbeatMs: 60_000 });
const port = await server.listen(0, '127.0.0.1');
console.log(JSON.stringify({ port }));
