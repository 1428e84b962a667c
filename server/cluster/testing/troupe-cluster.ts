// Test fixture: whole Troupes (runtime, pipeline manager, the control plane's procedures) as
// cluster nodes in one process, on one fresh PostgreSQL database and the local NATS server. Each
// node serves the procedures the others forward to it, like the HTTP server does. A node leaves
// with close() (flush, release, goodbye) and joins again under the same id.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContextInner } from '../../api/context.ts';
import { createCaller } from '../../api/root.ts';
import { servePipelineProcedures } from '../../api/serve-forwarded.ts';
import { ActorError } from '../../runtime/errors.ts';
import { createTestDatabase, type TestDatabase } from '../../test-support/postgres-database.ts';
import { startTroupe, type Troupe } from '../../troupe.ts';
import { quietLogger, TEST_NATS_URL } from './in-process-cluster.ts';

export class TroupeCluster {
  readonly nodes = new Map<string, Troupe>();

  private constructor(
    readonly database: TestDatabase,
    /** An empty actors folder: these nodes run pipelines only. */
    private readonly actorsDir: string,
    private readonly leaseMs: number,
  ) {}

  static async create(leaseMs = 1_500): Promise<TroupeCluster> {
    const actorsDir = mkdtempSync(join(tmpdir(), 'troupe-cluster-actors-'));
    return new TroupeCluster(await createTestDatabase(), actorsDir, leaseMs);
  }

  async start(id: string): Promise<Troupe> {
    const troupe = await startTroupe({
      databaseUrl: this.database.url,
      actorsDir: this.actorsDir,
      cluster: { natsUrl: TEST_NATS_URL, nodeId: id, leaseMs: this.leaseMs },
      runtime: { logger: quietLogger },
    });
    servePipelineProcedures(troupe);
    this.nodes.set(id, troupe);
    return troupe;
  }

  /** Leaves the cluster the orderly way (SIGTERM's path). */
  async stop(id: string): Promise<void> {
    const troupe = this.nodes.get(id);
    this.nodes.delete(id);
    await troupe?.close();
  }

  /** The control plane's procedures as a client of node `id` calls them. */
  caller(id: string) {
    const troupe = this.nodes.get(id);
    // What a client meets when its node is gone (connection refused): worth retrying elsewhere.
    if (!troupe) throw new ActorError('UNAVAILABLE', `node ${id} is not running`);
    return createCaller(createContextInner({ troupe }));
  }

  /** Gives node `id` the membership view `ids` (itself always in it), as a late heartbeat would. */
  skew(id: string, ids: readonly string[]): void {
    this.nodes.get(id)?.cluster?.viewChanged(ids);
  }

  /** Every node sees the nodes that are running. */
  heal(): void {
    const ids = [...this.nodes.keys()].sort();
    for (const id of ids) this.skew(id, ids);
  }

  async close(): Promise<void> {
    for (const id of [...this.nodes.keys()]) await this.stop(id);
    await this.database.drop();
    rmSync(this.actorsDir, { recursive: true, force: true });
  }
}
