// A pipeline's history (pipelines.get `history`): created, started, stopped and scaled, durable in
// the PipelineEvent table, newest last, the last HISTORY_LIMIT per pipeline kept. The entries of the
// pipelines this node runs are also kept in memory, so a summary (pushed to live views up to 5 times
// a second) reads them without a query.
import type { createPrismaClient } from '../storage/prisma.ts';

type Prisma = ReturnType<typeof createPrismaClient>;

/** Entries kept per pipeline (older ones are deleted as new ones arrive). */
export const HISTORY_LIMIT = 200;

export type THistoryEntry =
  | { at: number; kind: 'created' | 'started' | 'stopped' }
  | { at: number; kind: 'scaled'; operator: number; from: number; to: number; reason: string };

/** What a `scaled` entry says besides its time and kind. */
export type TScaledDetail = Omit<Extract<THistoryEntry, { kind: 'scaled' }>, 'at' | 'kind'>;

export class PipelineHistory {
  private readonly cache = new Map<string, THistoryEntry[]>();

  constructor(private readonly prisma: Prisma) {}

  /** Reads a pipeline's stored history into memory (when this node starts running it). */
  async load(id: string): Promise<void> {
    const rows = await this.prisma.pipelineEvent.findMany({
      where: { pipelineId: id },
      orderBy: { id: 'desc' },
      take: HISTORY_LIMIT,
    });
    this.cache.set(
      id,
      rows.reverse().flatMap((row) => parseRow(row) ?? []),
    );
  }

  /** Starts the in-memory copy of a pipeline created here (nothing stored yet). */
  startEmpty(id: string): void {
    this.cache.set(id, []);
  }

  /** The pipeline's history, oldest first (empty for one this node does not run). */
  list(id: string): readonly THistoryEntry[] {
    return this.cache.get(id) ?? [];
  }

  /** Appends an entry durably, then in memory; trims what is beyond the limit. */
  async append(id: string, entry: THistoryEntry): Promise<void> {
    await this.write(id, entry);
    await this.appended(id, entry);
  }

  /**
   * The insert of `entry`, not yet run: for a caller that commits it together with other writes
   * (a rescale commits its `scaled` entry with the new spec). Call `appended` once it committed.
   */
  write(id: string, entry: THistoryEntry) {
    const { at, kind, ...detail } = entry;
    return this.prisma.pipelineEvent.create({
      data: { pipelineId: id, kind, at, detail: JSON.stringify(detail) },
    });
  }

  /** Records in memory an entry that is committed, and trims both copies to the limit. */
  async appended(id: string, entry: THistoryEntry): Promise<void> {
    const entries = this.cache.get(id);
    if (!entries) return; // not run here: the node that runs it reads it from the table
    entries.push(entry);
    if (entries.length <= HISTORY_LIMIT) return;
    entries.splice(0, entries.length - HISTORY_LIMIT);
    const oldestKept = await this.prisma.pipelineEvent.findFirst({
      where: { pipelineId: id },
      orderBy: { id: 'desc' },
      skip: HISTORY_LIMIT - 1,
      select: { id: true },
    });
    if (oldestKept) {
      await this.prisma.pipelineEvent.deleteMany({ where: { pipelineId: id, id: { lt: oldestKept.id } } });
    }
  }

  /** Forgets the in-memory copy (the pipeline runs elsewhere now); the table keeps it. */
  forget(id: string): void {
    this.cache.delete(id);
  }

  /** Deletes the pipeline's history (the pipeline is deleted). */
  async remove(id: string): Promise<void> {
    await this.prisma.pipelineEvent.deleteMany({ where: { pipelineId: id } });
    this.cache.delete(id);
  }
}

/** A stored row as an entry; null for a row this version cannot read (skipped, not fatal). */
function parseRow(row: { kind: string; detail: string; at: number }): THistoryEntry | null {
  let detail: unknown;
  try {
    detail = JSON.parse(row.detail);
  } catch {
    return null;
  }
  if (row.kind === 'created' || row.kind === 'started' || row.kind === 'stopped') {
    return { at: row.at, kind: row.kind };
  }
  if (row.kind !== 'scaled' || typeof detail !== 'object' || detail === null) return null;
  const { operator, from, to, reason } = detail as Record<string, unknown>;
  if (typeof operator !== 'number' || typeof from !== 'number' || typeof to !== 'number') return null;
  return { at: row.at, kind: 'scaled', operator, from, to, reason: typeof reason === 'string' ? reason : '' };
}
