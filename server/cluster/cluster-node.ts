// One node of a Troupe cluster: its membership row, its ownership claims (and the commit fence
// built on them), its NATS subject, and the placement that routes the runtime's messages. Built
// before the runtime (the runtime takes the placement, the storage driver the fence), started after.
import { hostname } from 'node:os';
import type pg from 'pg';
import type { RuntimeLogger } from '../runtime/logger.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { SpawnOptions } from '../runtime/spawn.ts';
import { createPostgresPool } from '../storage/postgres/postgres-pool.ts';
import { ClusterPlacement } from './cluster-placement.ts';
import { Membership, type NodeInfo } from './membership.ts';
import type { NodeReply, NodeRequest } from './node-protocol.ts';
import { errorOf, NodeTransport, replyOf } from './node-transport.ts';
import { Ownership } from './ownership.ts';
import { Rebalancer } from './rebalancer.ts';

const DEFAULT_LEASE_MS = 3_000;

export interface ClusterNodeOptions {
  /** The cluster's PostgreSQL database (the one DATABASE_URL names). */
  databaseUrl: string;
  natsUrl: string;
  /** Scopes NATS subjects: nodes of one cluster share it (default: the database name). */
  cluster: string;
  /** This node's id (letters, digits, - and _); default host-pid. */
  node?: string;
  /** A node is dead once it has not renewed its lease for this long. */
  leaseMs?: number;
  /** What an actor is placed by (default: its identity); actors with one key live on one node. */
  placementKey?: (type: string, key: string) => string;
  logger: RuntimeLogger;
}

export type ProcedureRunner = (path: string, input: unknown) => Promise<unknown>;

export interface ClusterView {
  node: string;
  nodes: NodeInfo[];
}

export class ClusterNode {
  readonly ownership: Ownership;
  readonly placement: ClusterPlacement;
  private membership: Membership | null = null;
  private runtime: Runtime | null = null;
  private rebalancer: Rebalancer | null = null;
  private procedures: ProcedureRunner | null = null;
  private readonly changeListeners: (() => void)[] = [];
  private liveIds: string[] = [];
  private settleTimer: NodeJS.Timeout | null = null;
  private readonly claimsPool: pg.Pool;
  private readonly heartbeatPool: pg.Pool;

  private constructor(
    private readonly options: ClusterNodeOptions,
    private readonly transport: NodeTransport,
    readonly id: string,
  ) {
    // Claims and releases on their own pool; lease renewals on a connection of their own, so that a
    // burst of activations queueing for connections can never delay a heartbeat past the lease.
    const onIdleError = (error: Error) =>
      options.logger.error({ err: error }, 'cluster database connection lost');
    this.claimsPool = createPostgresPool(options.databaseUrl, { max: 8, onIdleError });
    this.heartbeatPool = createPostgresPool(options.databaseUrl, { max: 1, onIdleError });
    this.ownership = new Ownership(this.claimsPool, id, options.logger);
    this.placement = new ClusterPlacement(id, this.ownership, transport, options.placementKey);
  }

  static async connect(options: ClusterNodeOptions): Promise<ClusterNode> {
    const id = options.node ?? `${hostname().replace(/[^A-Za-z0-9_-]/g, '-')}-${process.pid}`;
    const transport = await NodeTransport.connect(options.natsUrl, options.cluster, options.logger);
    return new ClusterNode(options, transport, id);
  }

  /** Joins the cluster: serves requests, registers, and follows the membership. */
  async start(runtime: Runtime): Promise<void> {
    this.runtime = runtime;
    const { logger } = this.options;
    this.rebalancer = new Rebalancer(
      runtime,
      (type, key) => this.placement.preferredNode(type, key) === this.id,
      logger,
    );
    this.transport.serve(this.id, (request) => this.handle(request));
    this.membership = new Membership({
      pool: this.heartbeatPool,
      node: this.id,
      subject: this.transport.subjectOf(this.id),
      leaseMs: this.options.leaseMs ?? DEFAULT_LEASE_MS,
      logger,
      load: () => ({
        residents: runtime.stats().residentActivations,
        owned: this.ownership.size,
        turnsTotal: runtime.stats().counters.turnsTotal,
        rssBytes: process.memoryUsage.rss(),
      }),
      onChange: (live) => this.viewChanged(live.map((n) => n.id)),
      onLapse: () => this.lapsed(),
    });
    await this.membership.start();
  }

  /**
   * Follows a new live membership view: placement, hand-offs, then the listeners. The heartbeat
   * calls it on every change; tests call it to give nodes differing views on purpose. The listeners
   * run once more a lease after the last change, when every node has seen it: what was decided
   * while views still differed (a pipeline loaded by a node a stale view pointed at, one its home
   * could not take yet) is decided again on the settled view.
   */
  viewChanged(ids: readonly string[]): void {
    this.transport.nodesGone(this.liveIds.filter((id) => !ids.includes(id)));
    this.liveIds = [...ids];
    this.placement.setLiveNodes(ids);
    this.rebalancer?.rebalance();
    for (const listener of this.changeListeners) listener();
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      for (const listener of this.changeListeners) listener();
    }, this.options.leaseMs ?? DEFAULT_LEASE_MS);
    this.settleTimer.unref();
  }

  view(): ClusterView {
    return { node: this.id, nodes: [...(this.membership?.nodes() ?? [])] };
  }

  private async handle(request: NodeRequest): Promise<NodeReply> {
    const runtime = this.runtime!;
    switch (request.kind) {
      case 'message':
        return this.placement.deliverHere(request);
      case 'alarm':
        return new Promise((resolve) =>
          this.placement.fireHere(request.alarm, (error) =>
            resolve(error ? replyOf(error) : { ok: true, result: null }),
          ),
        );
      case 'control': {
        const { call } = request;
        const run = (): Promise<unknown> => {
          if (call.op === 'spawn') return runtime.spawn(call.type, call.key, call.options as SpawnOptions);
          if (call.op === 'deactivate') return runtime.deactivate(call.type, call.key);
          return runtime.destroy(call.type, call.key);
        };
        const result = await this.placement.runPinned(call.type, call.key, run);
        return { ok: true, result };
      }
      case 'procedure': {
        if (!this.procedures)
          return { ok: false, code: 'UNAVAILABLE', message: 'node not serving yet; retry' };
        return { ok: true, result: await this.procedures(request.path, request.input) };
      }
    }
  }

  /** Serves control-plane procedures other nodes forward here (the API layer provides it). */
  serveProcedures(run: ProcedureRunner): void {
    this.procedures = run;
  }

  /** Runs a control-plane procedure on `node` and answers what it answered there. */
  async forwardProcedure(node: string, path: string, input: unknown): Promise<unknown> {
    const reply = await this.transport.request(node, { kind: 'procedure', path, input }, 30_000);
    if (reply.ok) return reply.result;
    throw errorOf(reply);
  }

  /** socket.io's adapter for this cluster (live views reach sockets on every node). */
  socketAdapter() {
    return this.transport.socketAdapter();
  }

  /** The live node a group (e.g. `pipeline:<id>`) lives on. */
  homeOf(group: string): string {
    return this.placement.homeOf(group);
  }

  /** Tells every node that a deployed type changed (a deploy or rollback committed a version). */
  announceTypeChange(type: string): void {
    this.transport.announce('types', { type, from: this.id });
  }

  /** Hears the type changes other nodes announce. */
  onTypeChange(listener: (type: string) => void): void {
    this.transport.onAnnouncement('types', (payload) => {
      const { type, from } = payload as { type?: unknown; from?: unknown };
      if (typeof type === 'string' && from !== this.id) listener(type);
    });
  }

  /** Called after every change of the live membership (placement already updated), and once more a lease later. */
  onMembershipChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Paused or cut off past the lease: others may run this node's actors now; drop every copy. */
  private lapsed(): void {
    const runtime = this.runtime!;
    this.options.logger.error({ node: this.id }, 'cluster lease lapsed: dropping resident actors');
    this.ownership.forgetAll();
    for (const actor of runtime.residents()) void runtime.deactivate(actor.type, actor.key);
  }

  /** Vanishes without a goodbye, as a crash would: no release, and the lease left to lapse (tests). */
  async vanish(): Promise<void> {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    await this.membership?.halt();
    await this.transport.close({ replyWithinMs: 0 }); // a crash answers nothing
    await Promise.all([this.claimsPool.end(), this.heartbeatPool.end()]);
  }

  /** Leaves the cluster (after the runtime stopped: its actors are flushed and released). */
  async stop(): Promise<void> {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    await this.ownership.flushReleases();
    await this.membership?.stop();
    await this.transport.close();
    await Promise.all([this.claimsPool.end(), this.heartbeatPool.end()]);
  }
}
