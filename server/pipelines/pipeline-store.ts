// What the pipeline engine keeps in the database besides actor state (Prisma, the control plane's
// schema): pipeline rows (spec, status, an unapplied rescale intent) and reads of the sink's result
// stream. The manager orchestrates; this file is the only one that knows the tables.

import { ActorError } from '../runtime/errors.ts';
import type { Prisma as PrismaTypes } from '../storage/generated/client.ts';
import type { createPrismaClient } from '../storage/prisma.ts';
import type { TRecord } from './operators.ts';
import { OPERATOR_TYPE } from './partition.ts';
import type { RescaleIntent } from './rescale.ts';
import { type TPipelineSpec, ZStoredPipelineSpecSchema } from './spec.ts';
import { PIPELINE_STREAMS, type PipelineStream, streamName } from './streams.ts';

type Prisma = ReturnType<typeof createPrismaClient>;

export interface StoredPipeline {
  id: string;
  spec: TPipelineSpec;
  status: 'running' | 'stopped';
  createdAt: number;
  /** A rescale whose intent is durable but whose application may not have finished. */
  rescale: RescaleIntent | null;
}

export class PipelineStore {
  constructor(private readonly prisma: Prisma) {}

  async loadAll(): Promise<StoredPipeline[]> {
    const rows = await this.prisma.pipeline.findMany({ orderBy: { createdAt: 'asc' } });
    const loaded: StoredPipeline[] = [];
    for (const row of rows) {
      const spec = ZStoredPipelineSpecSchema.safeParse(JSON.parse(row.spec));
      if (!spec.success) {
        // One unreadable row must not keep the others (and the server) from starting.
        console.error(`pipeline ${row.id}: stored spec does not parse, not loaded: ${spec.error.message}`);
        continue;
      }
      loaded.push({
        id: row.id,
        spec: spec.data,
        status: row.status === 'stopped' ? 'stopped' : 'running',
        createdAt: row.createdAt,
        rescale: row.rescale ? (JSON.parse(row.rescale) as RescaleIntent) : null,
      });
    }
    return loaded;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.prisma.pipeline.findUnique({ where: { id }, select: { id: true } })) !== null;
  }

  async insert(id: string, spec: TPipelineSpec, now: number): Promise<void> {
    const data = {
      id,
      name: spec.name,
      spec: JSON.stringify(spec),
      status: 'running',
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.prisma.pipeline.create({ data });
    } catch (error) {
      // Only another process on the same file can take a reserved id; never show the ORM's message.
      if ((error as { code?: string }).code === 'P2002')
        throw new ActorError('CONFLICT', `pipeline id "${id}" was taken concurrently; retry`);
      throw error;
    }
  }

  async setStatus(id: string, status: 'running' | 'stopped'): Promise<void> {
    await this.prisma.pipeline.update({ where: { id }, data: { status, updatedAt: Date.now() } });
  }

  /** Makes a rescale durable before any window moves (the redo log of rescale.ts). */
  async beginRescale(id: string, intent: RescaleIntent): Promise<void> {
    const data = { rescale: JSON.stringify(intent), updatedAt: Date.now() };
    await this.prisma.pipeline.update({ where: { id }, data });
  }

  /** The new spec and the end of the intent, in one write (with `also`, e.g. a history entry). */
  async commitRescale(
    id: string,
    spec: TPipelineSpec,
    also: PrismaTypes.PrismaPromise<unknown>[] = [],
  ): Promise<void> {
    const data = { spec: JSON.stringify(spec), rescale: null, updatedAt: Date.now() };
    await this.prisma.$transaction([this.prisma.pipeline.update({ where: { id }, data }), ...also]);
  }

  /** Entries of one of the pipeline's streams after `afterSeq` (results, or a side stream). */
  async readResults(id: string, afterSeq: number, limit: number, stream: PipelineStream = 'results') {
    const rows = await this.prisma.streamEntry.findMany({
      where: { stream: streamName(id, stream), seq: { gt: afterSeq } },
      orderBy: { seq: 'asc' },
      take: limit,
    });
    return rows.map((row) => ({ seq: row.seq, output: JSON.parse(row.payload) as TRecord }));
  }

  /** The newest `limit` results, oldest first. */
  async readLatestResults(id: string, limit: number) {
    const rows = await this.prisma.streamEntry.findMany({
      where: { stream: id },
      orderBy: { seq: 'desc' },
      take: limit,
    });
    return rows.reverse().map((row) => ({ seq: row.seq, output: JSON.parse(row.payload) as TRecord }));
  }

  /** Keys of every stored operator instance of the pipeline (old partitions too). */
  async storedOperatorKeys(id: string): Promise<string[]> {
    // Pipeline ids are slugs ([a-z0-9-]): no LIKE wildcard can occur in the prefix.
    const rows = await this.prisma.actorState.findMany({
      where: { type: OPERATOR_TYPE, key: { startsWith: `${id}/` } },
      select: { key: true },
    });
    return rows.map((row) => row.key);
  }

  /** The pipeline row and its streams (actor state is removed through the runtime). */
  async remove(id: string): Promise<void> {
    const streams = PIPELINE_STREAMS.map((stream) => streamName(id, stream));
    await this.prisma.streamEntry.deleteMany({ where: { stream: { in: streams } } });
    await this.prisma.pipeline.delete({ where: { id } });
  }
}
