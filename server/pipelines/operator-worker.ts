// A thread of the operator worker pool (operator-workers.ts): runs map and filter batches with the
// engine's own runOperator, so a batch gives the same outputs here as on the event loop. Map and
// filter keep no state, so each batch gets a fresh empty one.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { WorkerReply, WorkerTask } from './operator-workers.ts';
import { type Emitter, emptyOperatorState, runOperator } from './operators.ts';

/** The OS priority of worker threads (nice, 0 = normal, 19 = lowest). */
const WORKER_NICE = 10;

const port = parentPort;
if (!port) throw new Error('operator-worker.ts runs as a worker thread (operator-workers.ts)');

// Batches are throughput work; the event loop carries every pipeline's latency (turns, I/O,
// commits). When the cores are contended, the OS should run the loop first: this thread runs at a
// lower priority (Linux nice values are per thread, so only this thread). Where that is refused or
// unsupported, it runs at the normal priority.
try {
  setPriority(0, WORKER_NICE);
} catch {
  // not permitted here: same priority as the loop
}

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
port.postMessage({ ready: true } satisfies WorkerReply);
