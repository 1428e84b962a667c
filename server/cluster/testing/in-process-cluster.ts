// Test fixture: several cluster nodes in one process, each with its own runtime, PostgreSQL pool and
// NATS connection, on one fresh database (their own cluster name, so runs never hear each other).
import type { AnyActorDefinition } from '../../runtime/definition.ts';
import type { RuntimeLogger } from '../../runtime/logger.ts';
import { Runtime } from '../../runtime/runtime.ts';
import { applyPostgresMigrations } from '../../storage/postgres/migrate-postgres.ts';
import { PostgresDriver } from '../../storage/postgres/postgres-driver.ts';
import { createPostgresPool } from '../../storage/postgres/postgres-pool.ts';
import { createTestDatabase, type TestDatabase } from '../../test-support/postgres-database.ts';
import { ClusterNode } from '../cluster-node.ts';

export const TEST_NATS_URL = process.env.TROUPE_TEST_NATS_URL || 'nats://127.0.0.1:4222';

export interface TestNode {
  id: string;
  node: ClusterNode;
  runtime: Runtime;
  /** Stops the node the way a crash would: no flush, no release, no goodbye (its lease lapses). */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

export const quietLogger: RuntimeLogger = { error: () => {} };

export class InProcessCluster {
  readonly nodes = new Map<string, TestNode>();

  private constructor(
    readonly database: TestDatabase,
    private readonly types: AnyActorDefinition[],
    private readonly leaseMs: number,
  ) {}

  static async create(types: AnyActorDefinition[], leaseMs = 1_500): Promise<InProcessCluster> {
    const database = await createTestDatabase();
    const pool = createPostgresPool(database.url, { max: 1 });
    await applyPostgresMigrations(pool);
    await pool.end();
    return new InProcessCluster(database, types, leaseMs);
  }

  async addNode(id: string): Promise<TestNode> {
    const pool = createPostgresPool(this.database.url);
    const node = await ClusterNode.connect({
      databaseUrl: this.database.url,
      natsUrl: TEST_NATS_URL,
      cluster: this.database.name,
      node: id,
      leaseMs: this.leaseMs,
      logger: quietLogger,
    });
    const driver = new PostgresDriver(pool, { fence: node.ownership, alarmClaimMs: 2_000 });
    const runtime = new Runtime({
      driver,
      types: this.types,
      placement: node.placement,
      logger: quietLogger,
    });
    await runtime.start();
    await node.start(runtime);
    const testNode: TestNode = {
      id,
      node,
      runtime,
      crash: async () => {
        this.nodes.delete(id);
        await node.vanish();
        await pool.end(); // from here every write it tries fails, as a dead process's would
        await runtime.stop(100);
      },
      stop: async () => {
        this.nodes.delete(id);
        await runtime.stop(1_000);
        await node.stop();
        await driver.close();
      },
    };
    this.nodes.set(id, testNode);
    return testNode;
  }

  /** Resolves once every node's membership lists exactly `ids`. */
  async settled(ids: string[], timeoutMs = 10_000): Promise<void> {
    const want = [...ids].sort().join(',');
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const views = [...this.nodes.values()].map((n) =>
        n.node
          .view()
          .nodes.map((v) => v.id)
          .join(','),
      );
      if (views.every((v) => v === want)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`membership did not settle on ${want}`);
  }

  async close(): Promise<void> {
    for (const node of [...this.nodes.values()]) await node.stop();
    await this.database.drop();
  }
}
