// One Deployments per runtime (a process has one; tests start several on different files), found by
// the runtime so neither the Troupe object nor the control-plane context has to carry it.
import { consoleLogger, type RuntimeLogger } from '../runtime/logger.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { createPrismaClient } from '../storage/prisma.ts';
import { Deployments } from './deployments.ts';
import { describeOwner, type FolderFiles } from './type-origin.ts';

export interface DeployHost {
  runtime: Runtime;
  prisma: ReturnType<typeof createPrismaClient>;
}

export interface LoadDeployedOptions {
  logger?: RuntimeLogger;
  /** The actors/ folder's file of each type it defines (named in refusals and in types.list). */
  folderFiles?: FolderFiles;
}

const byRuntime = new WeakMap<Runtime, { deployments: Deployments; folderFiles: FolderFiles }>();

/**
 * At start, after the built-in and folder types are registered and before the runtime starts (a
 * due alarm may wake a deployed type): registers the active version of every deployed type. A
 * stored version that fails to load is logged and reported by types.list; the start goes on.
 */
export async function loadDeployedTypes(host: DeployHost, options: LoadDeployedOptions = {}): Promise<void> {
  const entry = create(host, options);
  await entry.deployments.loadStored();
}

/** The deployments of `host`'s runtime (created on first use for a Troupe started without them). */
export function deploymentsOf(host: DeployHost): Deployments {
  return (byRuntime.get(host.runtime) ?? create(host, {})).deployments;
}

/** The actors/ folder file of each type, as given at start. */
export function folderFilesOf(host: DeployHost): FolderFiles {
  return byRuntime.get(host.runtime)?.folderFiles ?? new Map();
}

function create(host: DeployHost, options: LoadDeployedOptions) {
  const folderFiles = options.folderFiles ?? new Map();
  const deployments = new Deployments(
    host.runtime,
    host.prisma,
    (definition) => describeOwner(definition, folderFiles),
    options.logger ?? consoleLogger,
  );
  const entry = { deployments, folderFiles };
  byRuntime.set(host.runtime, entry);
  return entry;
}
