// Deploying actor types to a running server: validate a module, store it as the type's next
// version, and swap it in. The database is the source of truth (the highest version serves, here and
// after every restart); this object holds what the running process made of it: which version of
// each deployed type serves, and which stored versions failed to load at start.
import type { AnyActorDefinition } from '../runtime/definition.ts';
import { ActorError } from '../runtime/errors.ts';
import type { RuntimeLogger } from '../runtime/logger.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { createPrismaClient } from '../storage/prisma.ts';
import { loadDeployedModule } from './load-deployed-module.ts';
import { VersionStore as Store, type VersionStore, type VersionSummary } from './version-store.ts';

export interface DeployResult {
  type: string;
  version: number;
  sourceHash: string;
  /** Resident activations of the type that were drained (finished their turn, flushed, deactivated). */
  drained: number;
}

export interface DeployedTypeState {
  /** The type's newest stored version: the one that serves, unless it failed to load at start. */
  latest: VersionSummary;
  serving: boolean;
  /** Why `latest` did not load at start; null once it serves. */
  loadError: string | null;
}

/** Where a registered type came from, when it was not deployed: a deploy may not replace it. */
export type OwnerOf = (definition: AnyActorDefinition) => string;

export class Deployments {
  private readonly store: VersionStore;
  private readonly types = new Map<string, DeployedTypeState>();
  /** Deploys and rollbacks run one at a time: each reads the previous version number and swaps code. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly runtime: Runtime,
    prisma: ReturnType<typeof createPrismaClient>,
    private readonly ownerOf: OwnerOf,
    private readonly logger: RuntimeLogger,
  ) {
    this.store = new Store(prisma);
  }

  /** The deployed types this process knows, by type name. */
  deployed(): ReadonlyMap<string, DeployedTypeState> {
    return this.types;
  }

  /** At start, before the runtime starts: registers the active version of every deployed type. */
  async loadStored(): Promise<void> {
    for (const stored of await this.store.latestOfEveryType()) {
      const { bundle, ...summary } = stored;
      try {
        const { definition } = await loadDeployedModule(bundle, stored.fileName);
        this.assertStoredType(definition, stored.type);
        this.assertReplaceable(definition.type);
        this.runtime.registry.register(definition);
        this.types.set(stored.type, { latest: summary, serving: true, loadError: null });
      } catch (error) {
        // One broken stored version must not keep the server (and every other type) down.
        const loadError = error instanceof Error ? error.message : String(error);
        this.logger.error(
          { type: stored.type, version: stored.version, err: error },
          'a deployed actor type failed to load; it is not served until it is deployed again',
        );
        this.types.set(stored.type, { latest: summary, serving: false, loadError });
      }
    }
  }

  deploy(input: { fileName: string; source: string }): Promise<DeployResult> {
    return this.serially(async () => {
      const { definition, sourceHash } = await loadDeployedModule(input.source, input.fileName);
      this.assertReplaceable(definition.type);
      const stored = await this.store.append({
        type: definition.type,
        bundle: input.source,
        sourceHash,
        fileName: input.fileName,
        deployedAt: Date.now(),
        rolledBackFrom: null,
      });
      return this.install(definition, stored);
    });
  }

  /** A new version whose code is `version`'s: history stays append-only, and the newest serves. */
  rollback(input: { type: string; version: number }): Promise<DeployResult> {
    return this.serially(async () => {
      const target = await this.store.find(input.type, input.version);
      if (!target) {
        throw new ActorError('NOT_FOUND', `type "${input.type}" has no deployed version ${input.version}`);
      }
      const { definition, sourceHash } = await loadDeployedModule(target.bundle, target.fileName);
      this.assertStoredType(definition, input.type);
      this.assertReplaceable(definition.type);
      const stored = await this.store.append({
        type: input.type,
        bundle: target.bundle,
        sourceHash,
        fileName: target.fileName,
        deployedAt: Date.now(),
        rolledBackFrom: input.version,
      });
      return this.install(definition, stored);
    });
  }

  /** Told after a deploy or rollback installed a version here (cluster mode tells the other nodes). */
  onInstalled: (type: string) => void = () => {};

  /**
   * Installs the newest stored version of `type` if it is newer than the one serving here: another
   * node of the cluster deployed it (or rolled it back) and told this one.
   */
  refresh(type: string): Promise<void> {
    return this.serially(async () => {
      const [newest] = await this.store.history(type);
      const known = this.types.get(type)?.latest.version ?? 0;
      if (!newest || newest.version <= known) return;
      const stored = await this.store.find(type, newest.version);
      if (!stored) return;
      const { bundle, ...summary } = stored;
      const { definition } = await loadDeployedModule(bundle, stored.fileName);
      this.assertStoredType(definition, type);
      this.assertReplaceable(definition.type);
      await this.install(definition, summary, false);
    });
  }

  /** Every version of a deployed type, newest first; NOT_FOUND for a type never deployed. */
  async history(type: string): Promise<{ type: string; versions: (VersionSummary & { active: boolean })[] }> {
    const versions = await this.store.history(type);
    if (versions.length === 0) throw new ActorError('NOT_FOUND', `type "${type}" was never deployed`);
    const state = this.types.get(type);
    const serving = state?.serving ? state.latest.version : null;
    return { type, versions: versions.map((v) => ({ ...v, active: v.version === serving })) };
  }

  private async install(
    definition: AnyActorDefinition,
    stored: VersionSummary,
    announce = true,
  ): Promise<DeployResult> {
    let drained = 0;
    if (this.runtime.registry.find(definition.type)) {
      ({ drained } = await this.runtime.replaceType(definition));
    } else {
      this.runtime.registerType(definition);
    }
    this.types.set(definition.type, { latest: stored, serving: true, loadError: null });
    if (announce) this.onInstalled(definition.type);
    return { type: stored.type, version: stored.version, sourceHash: stored.sourceHash, drained };
  }

  /** Only deployed types (or new ones) may be deployed over; folder and built-in types are refused. */
  private assertReplaceable(type: string): void {
    const existing = this.runtime.registry.find(type);
    if (!existing || this.types.get(type)?.serving) return;
    throw new ActorError(
      'CONFLICT',
      `type "${type}" is ${this.ownerOf(existing)}; a deploy cannot replace it (pick another type name)`,
    );
  }

  private assertStoredType(definition: AnyActorDefinition, type: string): void {
    if (definition.type !== type) {
      throw new ActorError('BAD_INPUT', `stored version of "${type}" now defines "${definition.type}"`);
    }
  }

  private serially<T>(run: () => Promise<T>): Promise<T> {
    const next = this.tail.then(run, run);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
