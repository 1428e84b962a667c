// Cluster membership in PostgreSQL (Orleans keeps its membership table in SQL too): every node
// upserts its row and renews its lease on a heartbeat; a node whose lease has lapsed is dead to the
// others. Each heartbeat also reads the live set, so every node's view follows within one beat.
// A node that finds its own lease lapsed (it was paused or cut off) learns that others may have
// taken its actors over: `onLapse` lets it drop what it holds before it claims anything again.
import type pg from 'pg';
import type { RuntimeLogger } from '../runtime/logger.ts';
import { DB_NOW_MS } from './db-time.ts';

export interface NodeInfo {
  id: string;
  subject: string;
  startedAt: number;
  heartbeatAt: number;
  leaseUntil: number;
  /** What the node reported with its last heartbeat. */
  load: NodeLoad;
}

export interface NodeLoad {
  residents: number;
  owned: number;
  turnsTotal: number;
  rssBytes: number;
}

const RENEW = `
WITH previous AS (SELECT lease_until FROM cluster_node WHERE id = $1)
INSERT INTO cluster_node (id, subject, started_at, heartbeat_at, lease_until, load)
VALUES ($1, $2, ${DB_NOW_MS}, ${DB_NOW_MS}, ${DB_NOW_MS} + $3, $4)
ON CONFLICT (id) DO UPDATE SET subject = EXCLUDED.subject, heartbeat_at = EXCLUDED.heartbeat_at,
  lease_until = EXCLUDED.lease_until, load = EXCLUDED.load
RETURNING (SELECT lease_until FROM previous) AS previous_lease, ${DB_NOW_MS} AS now`;

const LIVE_NODES = `
SELECT id, subject, started_at, heartbeat_at, lease_until, load FROM cluster_node
WHERE lease_until > ${DB_NOW_MS} ORDER BY id`;

export interface MembershipOptions {
  pool: pg.Pool;
  node: string;
  subject: string;
  leaseMs: number;
  logger: RuntimeLogger;
  load: () => NodeLoad;
  /** The live set changed (ids sorted). */
  onChange: (live: readonly NodeInfo[]) => void;
  /** This node's own lease had lapsed when it renewed it. */
  onLapse: () => void;
}

export class Membership {
  private live: NodeInfo[] = [];
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: MembershipOptions) {}

  /** Registers this node and reads the live set once before resolving. */
  async start(): Promise<void> {
    await this.beat();
    this.schedule();
  }

  nodes(): readonly NodeInfo[] {
    return this.live;
  }

  private schedule(): void {
    if (this.stopped) return;
    // Three renewals per lease: one lost or late heartbeat does not kill a healthy node.
    this.timer = setTimeout(() => {
      this.renewing = this.beat().finally(() => {
        this.renewing = null;
        this.schedule();
      });
    }, this.options.leaseMs / 3);
  }

  private async beat(): Promise<void> {
    const { pool, node, subject, leaseMs } = this.options;
    try {
      const renewed = await pool.query<{ previous_lease: number | null; now: number }>(RENEW, [
        node,
        subject,
        leaseMs,
        JSON.stringify(this.options.load()),
      ]);
      const { previous_lease: previous, now } = renewed.rows[0]!;
      if (previous !== null && previous <= now) this.options.onLapse();
      const rows = await pool.query(LIVE_NODES);
      this.update(rows.rows.map(nodeInfoOf));
    } catch (error) {
      this.options.logger.error({ err: error }, 'cluster heartbeat failed');
    }
  }

  private update(next: NodeInfo[]): void {
    const changed = next.length !== this.live.length || next.some((n, i) => n.id !== this.live[i]?.id);
    this.live = next;
    if (changed) this.options.onChange(next);
  }

  /** Stops renewing the lease; the row stays until it lapses (what a crash leaves behind). */
  async halt(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.renewing;
  }

  /** Leaves the cluster: the row goes, so the others see this node gone at their next beat. */
  async stop(): Promise<void> {
    await this.halt();
    try {
      await this.options.pool.query('DELETE FROM cluster_node WHERE id = $1', [this.options.node]);
    } catch (error) {
      this.options.logger.error({ err: error }, 'leaving the cluster failed');
    }
  }
}

interface NodeRow {
  id: string;
  subject: string;
  started_at: number;
  heartbeat_at: number;
  lease_until: number;
  load: string;
}

function nodeInfoOf(row: NodeRow): NodeInfo {
  let load: NodeLoad = { residents: 0, owned: 0, turnsTotal: 0, rssBytes: 0 };
  try {
    load = { ...load, ...(JSON.parse(row.load) as Partial<NodeLoad>) };
  } catch {
    // a row written by a different version: its load stays unknown (zeros)
  }
  return {
    id: row.id,
    subject: row.subject,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    leaseUntil: row.lease_until,
    load,
  };
}
