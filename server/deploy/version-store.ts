// The deployed versions of actor types, in the database (Prisma, table actor_type_version). History is
// append-only: a deploy or a rollback adds the next version, and the highest version is the active one.
import { ActorError } from '../runtime/errors.ts';
import type { createPrismaClient } from '../storage/prisma.ts';

type Prisma = ReturnType<typeof createPrismaClient>;

export interface StoredVersion {
  type: string;
  version: number;
  bundle: string;
  sourceHash: string;
  fileName: string;
  deployedAt: number;
  rolledBackFrom: number | null;
}

export type VersionSummary = Omit<StoredVersion, 'bundle'>;

const SUMMARY = {
  type: true,
  version: true,
  sourceHash: true,
  fileName: true,
  deployedAt: true,
  rolledBackFrom: true,
} as const;

export class VersionStore {
  constructor(private readonly prisma: Prisma) {}

  /** Appends `next` as the version after the type's highest; CONFLICT if another writer took it. */
  async append(next: Omit<StoredVersion, 'version'>): Promise<StoredVersion> {
    const latest = await this.prisma.actorTypeVersion.aggregate({
      where: { type: next.type },
      _max: { version: true },
    });
    const stored = { ...next, version: (latest._max.version ?? 0) + 1 };
    try {
      await this.prisma.actorTypeVersion.create({ data: stored });
    } catch (error) {
      // Only another process on the same database file can take the number between read and write.
      if ((error as { code?: string }).code === 'P2002')
        throw new ActorError('CONFLICT', `type "${next.type}" was deployed concurrently; retry`);
      throw error;
    }
    return stored;
  }

  async find(type: string, version: number): Promise<StoredVersion | null> {
    return this.prisma.actorTypeVersion.findUnique({
      where: { type_version: { type, version } },
      select: { ...SUMMARY, bundle: true },
    });
  }

  /** Every version of `type`, newest first (no bundles). */
  async history(type: string): Promise<VersionSummary[]> {
    return this.prisma.actorTypeVersion.findMany({
      where: { type },
      orderBy: { version: 'desc' },
      select: SUMMARY,
    });
  }

  /** The active (highest) version of every deployed type, with its bundle, by type name. */
  async latestOfEveryType(): Promise<StoredVersion[]> {
    const latest = await this.prisma.actorTypeVersion.groupBy({ by: ['type'], _max: { version: true } });
    const rows = await Promise.all(
      latest.map(({ type, _max }) => (_max.version === null ? null : this.find(type, _max.version))),
    );
    return rows
      .filter((row): row is StoredVersion => row !== null)
      .sort((a, b) => a.type.localeCompare(b.type));
  }
}
