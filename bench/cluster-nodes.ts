// The cluster bench's nodes: real node processes (server/main.ts, headless) on one fresh PostgreSQL
// database and the local NATS server, serving the bench's actor types, each with a WebSocket wire
// client from this process; started one at a time, SIGKILLed, and all stopped (database dropped).
import { join } from 'node:path';
import type pg from 'pg';
import { WireClient } from '../client/wire-client.ts';
import { NodeProcesses } from '../server/cluster/testing/node-processes.ts';
import { stopChild } from '../server/reliability/support/child-troupe.ts';
import { createPostgresPool } from '../server/storage/postgres/postgres-pool.ts';

export interface BenchNode {
  id: string;
  pid: number;
  url: string;
  wire: WireClient;
}

export interface NodeLoadView {
  id: string;
  load: { residents: number; owned: number; turnsTotal: number; rssBytes: number };
}

export class BenchCluster {
  readonly live = new Map<string, BenchNode>();
  private readonly pool: pg.Pool;

  private constructor(private readonly processes: NodeProcesses) {
    this.pool = createPostgresPool(processes.database.url, { max: 2 });
  }

  /**
   * `synchronousCommit: 'off'` sets it for every session of the database before any node connects:
   * commits stop waiting for their WAL fsync (safe from a node crash, not from a database crash).
   */
  static async create(leaseMs: number, options: { synchronousCommit?: 'off' } = {}): Promise<BenchCluster> {
    const processes = await NodeProcesses.create({
      TROUPE_CLUSTER_LEASE_MS: String(leaseMs),
      TROUPE_ACTORS_DIR: join(import.meta.dirname, 'cluster-actors'),
    });
    const cluster = new BenchCluster(processes);
    if (options.synchronousCommit) {
      await cluster.pool.query(`ALTER DATABASE ${processes.database.name} SET synchronous_commit = off`);
    }
    return cluster;
  }

  /** Starts nodes (together: startup is mostly compiling) and waits until every one sees all. */
  async start(...ids: string[]): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        const child = await this.processes.start(id);
        this.live.set(id, { id, pid: child.pid, url: child.url, wire: new WireClient({ url: child.url }) });
      }),
    );
    await this.settled();
  }

  /** SIGKILL: no drain, no release; its lease is left to lapse. Resolves once the process is gone. */
  async kill(id: string): Promise<void> {
    const child = this.processes.nodes.get(id)!;
    child.kill('SIGKILL');
    this.live.get(id)?.wire.close();
    this.live.delete(id);
    await child.exited;
    this.processes.nodes.delete(id);
  }

  /** SIGTERM: the node drains, releases its actors and leaves the membership at once. */
  async stop(id: string): Promise<void> {
    this.live.get(id)?.wire.close();
    this.live.delete(id);
    await stopChild(this.processes.nodes.get(id));
    this.processes.nodes.delete(id);
    await this.settled();
  }

  /** Waits until each live node lists exactly the live nodes (membership is read per heartbeat). */
  async settled(timeoutMs = 15_000): Promise<void> {
    const want = [...this.live.keys()].sort().join(',');
    const until = performance.now() + timeoutMs;
    for (;;) {
      const views = await Promise.all([...this.live.values()].map((n) => this.health(n)));
      if (views.every((v) => v.map((n) => n.id).join(',') === want)) return;
      if (performance.now() > until) throw new Error(`membership did not settle on ${want}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** system.health's cluster.nodes as `node` sees them (loads as of each node's last heartbeat). */
  async health(node: BenchNode): Promise<NodeLoadView[]> {
    const response = await fetch(`${node.url}/api/trpc/system.health`);
    const body = (await response.json()) as {
      result: { data: { json: { cluster?: { nodes: NodeLoadView[] } } } };
    };
    return [...(body.result.data.json.cluster?.nodes ?? [])].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Group commits that carried turn writes, and those writes (states + journal entries), summed over the live nodes (/metrics). */
  async commitTotals(): Promise<{ commits: number; writes: number }> {
    let commits = 0;
    let writes = 0;
    for (const node of this.live.values()) {
      const text = await (await fetch(`${node.url}/metrics`)).text();
      const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
      commits += metric('troupe_commit_batch_size_count');
      writes += metric('troupe_commit_batch_size_sum');
    }
    return { commits, writes };
  }

  /** How often each live node logged that its own lease lapsed (it then drops its residents). */
  lapses(): Map<string, number> {
    const lapsed = (id: string) =>
      this.processes.nodes
        .get(id)
        ?.tail()
        .filter((line) => line.includes('cluster lease lapsed')).length ?? 0;
    return new Map([...this.live.keys()].map((id) => [id, lapsed(id)]));
  }

  /** Owner rows of `type`: key -> node. */
  async owners(type: string): Promise<Map<string, string>> {
    const { rows } = await this.pool.query<{ key: string; node: string }>(
      'SELECT key, node FROM actor_owner WHERE type = $1',
      [type],
    );
    return new Map(rows.map((r) => [r.key, r.node]));
  }

  /** Sum of the stored counts of `type` (what the database holds, whatever the nodes answered). */
  async storedSum(type: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      "SELECT coalesce(sum((state::json->>'count')::bigint), 0)::bigint AS n FROM actor_state WHERE type = $1",
      [type],
    );
    return Number(rows[0]!.n);
  }

  async close(): Promise<void> {
    for (const node of this.live.values()) node.wire.close();
    this.live.clear();
    await this.pool.end();
    await this.processes.close(); // SIGTERM each node (SIGKILL after 5 s), then drop the database
  }
}
