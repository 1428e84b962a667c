// A thread of the operator worker pool (operator-workers.ts): runs map and filter batches with the
// engine's own runOperator, so a batch gives the same outputs here as on the event loop. Map and
// filter keep no state, so each batch gets a fresh empty one.
import { parentPort } from 'node:worker_threads';
import type { WorkerReply, WorkerTask } from './operator-workers.ts';
import { type Emitter, emptyOperatorState, runOperator } from './operators.ts';

const port = parentPort;
if (!port) throw new Error('operator-worker.ts runs as a worker thread (operator-workers.ts)');

port.on('message', ({ id, plan, records, now }: WorkerTask) => {
  let reply: WorkerReply;
  const started = performance.now();
  try {
    const emit: Emitter = { out: [], side: [] };
    runOperator(plan, emptyOperatorState(), records, emit, now);
    reply = { id, out: emit.out, side: emit.side, elapsedMs: performance.now() - started };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
