// Single activation across nodes (Orleans' guarantee, enforced by the database rather than by
// timing): a node runs an actor only after claiming it in actor_owner, which bumps the ownership
// epoch. A claim succeeds when nobody owns the actor, when this node does, or when the owner's
// lease has lapsed (it is dead, paused or cut off). Every state commit is fenced on (node, epoch)
// (the CommitFence below), so an old owner that comes back can never overwrite a newer one.
// Placement groups (a pipeline, whose actors run together) are held the same way: one live node at
// a time holds a group, and the group's actors activate only there (cluster-placement.ts).
import type pg from 'pg';
import { ActorError } from '../runtime/errors.ts';
import type { RuntimeLogger } from '../runtime/logger.ts';
import { actorId } from '../runtime/storage.ts';
import type { CommitFence } from '../storage/postgres/commit-fence.ts';
import { DB_NOW_MS } from './db-time.ts';

const LIVE = (node: string) =>
  `EXISTS (SELECT 1 FROM cluster_node n WHERE n.id = ${node} AND n.lease_until > ${DB_NOW_MS})`;

const CLAIM = `
INSERT INTO actor_owner (type, key, node, epoch)
SELECT $1, $2, $3, 1 WHERE ${LIVE('$3')}
ON CONFLICT (type, key) DO UPDATE SET node = EXCLUDED.node, epoch = actor_owner.epoch + 1
  WHERE actor_owner.node = EXCLUDED.node OR NOT ${LIVE('actor_owner.node')}
RETURNING epoch`;

const RELEASE = `
DELETE FROM actor_owner o USING unnest($1::text[], $2::text[], $3::int[]) AS r(type, key, epoch)
WHERE o.type = r.type AND o.key = r.key AND o.epoch = r.epoch AND o.node = $4`;

/** The live node a row names, if any (a group's holder). */
const LIVE_OWNER = `
SELECT node FROM actor_owner o WHERE o.type = $1 AND o.key = $2 AND ${LIVE('o.node')}`;

/** Groups are rows of actor_owner under a type no actor type can have (those match [a-z][a-z0-9-]*). */
const GROUP_TYPE = '#group';

const STILL_OWNED = `
SELECT o.type, o.key FROM actor_owner o
JOIN unnest($1::text[], $2::text[], $3::int[]) AS r(type, key, epoch)
  ON o.type = r.type AND o.key = r.key AND o.epoch = r.epoch
WHERE o.node = $4
FOR SHARE OF o`;

export class Ownership implements CommitFence {
  /** Actors this node owns, with the epoch of its claim. */
  private readonly owned = new Map<string, { type: string; key: string; epoch: number }>();
  private readonly claiming = new Map<string, Promise<void>>();
  private releases: { type: string; key: string; epoch: number }[] = [];
  /** Groups still held but closed: their actors no longer activate here (a hand-off in progress). */
  private readonly closedGroups = new Set<string>();
  private releaseTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: pg.Pool,
    readonly node: string,
    private readonly logger: RuntimeLogger,
  ) {}

  get size(): number {
    return this.owned.size;
  }

  /** Resolves once this node owns (type, key); rejects, retriably, naming the owner otherwise. */
  claim(type: string, key: string): Promise<void> {
    const id = actorId(type, key);
    if (this.owned.has(id)) return Promise.resolve();
    let pending = this.claiming.get(id);
    if (!pending) {
      pending = this.claimFromDatabase(type, key, id).finally(() => this.claiming.delete(id));
      this.claiming.set(id, pending);
    }
    return pending;
  }

  private async claimFromDatabase(type: string, key: string, id: string): Promise<void> {
    const claimed = await this.pool.query<{ epoch: number }>(CLAIM, [type, key, this.node]);
    const row = claimed.rows[0];
    if (row) {
      this.owned.set(id, { type, key, epoch: row.epoch });
      return;
    }
    const owner = await this.pool.query<{ node: string }>(
      'SELECT node FROM actor_owner WHERE type = $1 AND key = $2',
      [type, key],
    );
    const node = owner.rows[0]?.node;
    throw new ActorError(
      'UNAVAILABLE',
      node ? `${type}/${key} lives on node ${node}; retry there` : `node ${this.node} is not live; retry`,
      { retriable: true, owner: node },
    );
  }

  /** The actor left this node's memory: give up its ownership (batched, off the hot path). */
  released(type: string, key: string): void {
    const id = actorId(type, key);
    const claim = this.owned.get(id);
    if (!claim) return;
    this.owned.delete(id);
    this.releases.push(claim);
    this.releaseTimer ??= setTimeout(() => void this.flushReleases(), 20);
  }

  async flushReleases(): Promise<void> {
    this.releaseTimer = null;
    const batch = this.releases;
    if (batch.length === 0) return;
    this.releases = [];
    try {
      await this.pool.query(RELEASE, [
        batch.map((c) => c.type),
        batch.map((c) => c.key),
        batch.map((c) => c.epoch),
        this.node,
      ]);
    } catch (error) {
      // Harmless: the row names a node whose lease lapses when it stops, so others can claim then.
      this.logger.error({ err: error, count: batch.length }, 'releasing actor ownership failed');
    }
  }

  /** This node's lease lapsed: others may own its actors now; it must claim again before writing. */
  forgetAll(): void {
    this.owned.clear();
    this.closedGroups.clear();
  }

  /** Resolves once this node holds `group`; rejects, retriably, naming the holder otherwise. */
  holdGroup(group: string): Promise<void> {
    return this.claim(GROUP_TYPE, group);
  }

  /** True while this node holds `group` and has not closed it. */
  holdsGroup(group: string): boolean {
    return this.owned.has(actorId(GROUP_TYPE, group)) && !this.closedGroups.has(group);
  }

  /** The group's actors stop activating here; the claim stays (nobody else takes it yet). */
  closeGroup(group: string): void {
    if (this.owned.has(actorId(GROUP_TYPE, group))) this.closedGroups.add(group);
  }

  /** Gives the group up (batched with actor releases, so it goes no earlier than theirs). */
  releaseGroup(group: string): void {
    this.closedGroups.delete(group);
    this.released(GROUP_TYPE, group);
  }

  /** The live node holding `group` according to the database, if any (this one included). */
  async holderOf(group: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ node: string }>(LIVE_OWNER, [GROUP_TYPE, group]);
    return rows[0]?.node;
  }

  async refused(tx: pg.PoolClient, actors: ReadonlySet<string>): Promise<ReadonlySet<string>> {
    const types: string[] = [];
    const keys: string[] = [];
    const epochs: number[] = [];
    const refused = new Set<string>();
    for (const id of actors) {
      const claim = this.owned.get(id);
      if (!claim)
        refused.add(id); // not (or no longer) ours: nothing of it may be written
      else {
        types.push(claim.type);
        keys.push(claim.key);
        epochs.push(claim.epoch);
      }
    }
    if (types.length === 0) return refused;
    const still = await tx.query<{ type: string; key: string }>(STILL_OWNED, [
      types,
      keys,
      epochs,
      this.node,
    ]);
    const ok = new Set(still.rows.map((r) => actorId(r.type, r.key)));
    for (let i = 0; i < types.length; i++) {
      const id = actorId(types[i]!, keys[i]!);
      if (!ok.has(id)) {
        refused.add(id);
        this.owned.delete(id); // taken over: the next message must claim again (and will be told where it lives)
      }
    }
    return refused;
  }
}
