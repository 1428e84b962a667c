// Events from a file, in batches, streamed: NDJSON (one event per line) is read line by line so a
// file of any size publishes in constant memory; a JSON array is read whole. The fraction of the
// file consumed so far drives the progress line.
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { UsageError } from './exit-codes.ts';

export interface EventBatch {
  events: unknown[];
  /** Share of the file read so far, 0..1. */
  fraction: number;
}

export async function* readEventBatches(path: string, batchSize: number): AsyncGenerator<EventBatch> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new UsageError(`cannot read ${path}`);
  }
  if (looksLikeJsonArray(path)) {
    const events = parseArray(path);
    for (let i = 0; i < events.length; i += batchSize) {
      yield {
        events: events.slice(i, i + batchSize),
        fraction: Math.min(1, (i + batchSize) / events.length),
      };
    }
    return;
  }
  const stream = createReadStream(path);
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let batch: unknown[] = [];
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    batch.push(parseLine(line, path, lineNumber));
    if (batch.length >= batchSize) {
      yield { events: batch, fraction: size ? stream.bytesRead / size : 1 };
      batch = [];
    }
  }
  if (batch.length > 0) yield { events: batch, fraction: 1 };
}

/** Sniffs the first bytes only: NDJSON files can be large. */
function looksLikeJsonArray(path: string): boolean {
  const head = Buffer.alloc(256);
  const fd = openSync(path, 'r');
  try {
    const read = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, read).toString('utf8').trimStart().startsWith('[');
  } finally {
    closeSync(fd);
  }
}

function parseArray(path: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (Array.isArray(parsed)) return parsed;
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  throw new UsageError(`${path} must hold a JSON array of events or one event per line (NDJSON)`);
}

function parseLine(line: string, path: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new UsageError(`${path}:${lineNumber} is not valid JSON: ${(error as Error).message}`);
  }
}
