// Test fixture: cluster nodes as real processes (server/main.ts, headless) on one fresh PostgreSQL
// database and the local NATS server: started, SIGKILLed, SIGSTOPped and SIGCONTed like production.
import { type ChildTroupe, startChildTroupe, stopChild } from '../../reliability/support/child-troupe.ts';
import { createTestDatabase, type TestDatabase } from '../../test-support/postgres-database.ts';
import { TEST_NATS_URL } from './in-process-cluster.ts';

export class NodeProcesses {
  readonly nodes = new Map<string, ChildTroupe>();

  private constructor(
    readonly database: TestDatabase,
    private readonly env: Record<string, string>,
  ) {}

  static async create(env: Record<string, string> = {}): Promise<NodeProcesses> {
    return new NodeProcesses(await createTestDatabase(), env);
  }

  async start(id: string): Promise<ChildTroupe> {
    const child = await startChildTroupe({
      databaseUrl: this.database.url,
      env: {
        TROUPE_NATS_URL: TEST_NATS_URL,
        TROUPE_NODE_ID: id,
        TROUPE_CLUSTER_LEASE_MS: '1500',
        ...this.env,
      },
      startTimeoutMs: 60_000,
    });
    this.nodes.set(id, child);
    return child;
  }

  url(id: string): string {
    const node = this.nodes.get(id);
    if (!node) throw new Error(`no node ${id}`);
    return node.url;
  }

  async close(): Promise<void> {
    for (const node of this.nodes.values()) {
      node.kill('SIGCONT'); // a stopped one must run to exit
      await stopChild(node);
    }
    await this.database.drop();
  }
}
