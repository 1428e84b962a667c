// The ingress ledger of exactly-once publishes. A keyed publish (batchId) is recorded as pending,
// with its records, before it runs and marked done once every stage committed it, so a retry is
// decided here, per pipeline, whatever the partitioning has become since (the per-hop idempotency
// keys depend on the partitioning; they only serve to re-drive a pending batch under the
// partitioning it was first run with). Done entries keep only the digest and count, for 24 h: the
// same window as the runtime's idempotency keys (a retry later than that runs again).
import { createHash } from 'node:crypto';
import type { createPrismaClient } from '../storage/prisma.ts';
import type { TRecord } from './operators.ts';
import type { TSensorEvent } from './spec.ts';

type Prisma = ReturnType<typeof createPrismaClient>;

export const BATCH_LEDGER_TTL_MS = 24 * 3600_000;

export interface LedgerEntry {
  status: 'pending' | 'done';
  digest: string;
  count: number;
  /** The records as first run (ts stamped), while pending. */
  records: TRecord[] | null;
}

export interface PendingBatch {
  batchId: string;
  records: TRecord[];
}

/** Identity of a batch's content, so one batchId cannot stand for two different batches. */
export function digestOf(events: TSensorEvent[]): string {
  const canonical = events.map((e) => {
    const core: unknown[] = [e.sensorId, e.value, e.ts ?? null];
    // Named fields count too, sorted by name; an event without any keeps its earlier digest.
    const extra = Object.entries(e).filter(([k]) => k !== 'sensorId' && k !== 'value' && k !== 'ts');
    if (extra.length > 0) core.push(extra.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return core;
  });
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}

export class BatchLedger {
  constructor(private readonly prisma: Prisma) {}

  async find(pipelineId: string, batchId: string): Promise<LedgerEntry | null> {
    const row = await this.prisma.pipelineBatch.findUnique({
      where: { pipelineId_batchId: { pipelineId, batchId } },
    });
    if (!row) return null;
    return {
      status: row.status === 'done' ? 'done' : 'pending',
      digest: row.digest,
      count: row.count,
      records: row.events === null ? null : (JSON.parse(row.events) as TRecord[]),
    };
  }

  async begin(pipelineId: string, batchId: string, digest: string, records: TRecord[]): Promise<void> {
    await this.prisma.pipelineBatch.create({
      data: {
        pipelineId,
        batchId,
        status: 'pending',
        digest,
        count: records.length,
        events: JSON.stringify(records),
        at: Date.now(),
      },
    });
  }

  async finish(pipelineId: string, batchId: string): Promise<void> {
    await this.prisma.pipelineBatch.update({
      where: { pipelineId_batchId: { pipelineId, batchId } },
      data: { status: 'done', events: null, at: Date.now() },
    });
  }

  /** Pending batches of a pipeline, oldest first (the order they were accepted in). */
  async pending(pipelineId: string): Promise<PendingBatch[]> {
    const rows = await this.prisma.pipelineBatch.findMany({
      where: { pipelineId, status: 'pending' },
      orderBy: { at: 'asc' },
    });
    return rows.map((row) => ({
      batchId: row.batchId,
      records: JSON.parse(row.events ?? '[]') as TRecord[],
    }));
  }

  /** Forgets done batches older than the retention window; pending ones are kept until re-driven. */
  async prune(now = Date.now()): Promise<number> {
    const { count } = await this.prisma.pipelineBatch.deleteMany({
      where: { status: 'done', at: { lt: now - BATCH_LEDGER_TTL_MS } },
    });
    return count;
  }

  async remove(pipelineId: string): Promise<void> {
    await this.prisma.pipelineBatch.deleteMany({ where: { pipelineId } });
  }
}
