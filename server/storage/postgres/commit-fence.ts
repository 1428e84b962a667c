// The hook through which cluster mode (server/cluster) fences state commits: a node may write an
// actor only while it owns the actor at the epoch it activated it under. The PostgreSQL driver asks
// the fence inside each commit's transaction, before any write, and commits the rest of the batch.
import type pg from 'pg';

export interface CommitFence {
  /**
   * Runs inside the commit transaction before any write. Returns the actors (actorId spelling,
   * server/runtime/storage.ts) of `actors` whose writes this node may no longer make; it locks the
   * ownership rows it reads (FOR SHARE) so a takeover cannot commit between this check and the writes.
   */
  refused(tx: pg.PoolClient, actors: ReadonlySet<string>): Promise<ReadonlySet<string>>;
}
