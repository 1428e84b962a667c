// The actors/ folder: every module in it is imported at start and each exported defineActor(...)
// result is registered. A module that fails to import, exports something invalid or repeats a
// type fails the start with a message naming the file, because a half-registered folder would
// answer NOT_FOUND for types the operator believes are deployed.
import { readdirSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type AnyActorDefinition, isActorDefinition } from '../runtime/definition.ts';
import { ActorError, describeError } from '../runtime/errors.ts';

export interface LoadedActorType {
  definition: AnyActorDefinition;
  /** The module's path as the operator knows it (relative to the working directory). */
  file: string;
  /** Empty for a module that was not loaded from a file (a deployed bundle). */
  absolutePath: string;
  exportName: string;
}

/** Modules the loader imports: TypeScript or JavaScript, not tests or declaration files. */
const MODULE_FILE = /^(?!.*\.(test|spec|d)\.[cm]?[jt]s$).*\.(ts|mts|js|mjs)$/;

export function actorModuleFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ActorError('BAD_INPUT', `actors folder ${dir} cannot be read: ${describeError(error)}`);
  }
  return names
    .filter((name) => MODULE_FILE.test(name) && !name.startsWith('.') && !name.startsWith('_'))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

/**
 * The actor definitions a module exports. Other exports (helpers, types, constants) are fine;
 * something that looks like a half-made definition (has `type` and `actions`) but was not passed
 * through defineActor is refused, since it was surely meant to register.
 */
export function collectDefinitions(
  namespace: Record<string, unknown>,
  label: string,
  absolutePath = '',
): LoadedActorType[] {
  const found: LoadedActorType[] = [];
  for (const [exportName, value] of Object.entries(namespace)) {
    if (isActorDefinition(value)) {
      found.push({ definition: value, file: label, absolutePath, exportName });
    } else if (looksLikeDefinition(value)) {
      throw new ActorError(
        'BAD_INPUT',
        `${label}: export "${exportName}" looks like an actor type but was not made with defineActor()`,
      );
    }
  }
  return found;
}

function looksLikeDefinition(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'type' in value && 'actions' in value;
}

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Once per process, for a module outside the project: lets it resolve `troupe` and `zod` from here. */
function resolveBareImportsFromProject(path: string): void {
  const global = globalThis as { __troupeResolveHook?: boolean };
  if (global.__troupeResolveHook || !relative(PROJECT_ROOT, path).startsWith('..')) return;
  global.__troupeResolveHook = true;
  register('./resolve-from-project.mjs', import.meta.url, {
    data: { projectParent: pathToFileURL(join(PROJECT_ROOT, 'package.json')).href },
  });
}

/** Imports one module; `version` busts Node's module cache (dev reload). */
export async function importActorModule(path: string, version?: number): Promise<LoadedActorType[]> {
  resolveBareImportsFromProject(path);
  const fromCwd = relative(process.cwd(), path);
  const label = fromCwd && !fromCwd.startsWith('..') ? fromCwd : path; // as short as stays unambiguous
  const url = pathToFileURL(path).href + (version === undefined ? '' : `?v=${version}`);
  let namespace: Record<string, unknown>;
  try {
    namespace = await import(url);
  } catch (error) {
    throw new ActorError('BAD_INPUT', `${label} failed to load: ${describeError(error)}`);
  }
  const found = collectDefinitions(namespace, label, path);
  // A definition re-exported under two names is one type, not a duplicate.
  return found.filter((t, i) => found.findIndex((o) => o.definition === t.definition) === i);
}

/** Every type in the folder; throws naming the file for a broken module or a type defined twice. */
export async function loadActorsFolder(dir: string): Promise<LoadedActorType[]> {
  const loaded: LoadedActorType[] = [];
  for (const path of actorModuleFiles(dir)) loaded.push(...(await importActorModule(path)));
  assertUniqueTypes(loaded);
  return loaded;
}

export function assertUniqueTypes(loaded: readonly LoadedActorType[]): void {
  const byType = new Map<string, LoadedActorType>();
  for (const entry of loaded) {
    const first = byType.get(entry.definition.type);
    if (first) {
      throw new ActorError(
        'CONFLICT',
        `actor type "${entry.definition.type}" is defined twice: ${first.file} (${first.exportName}) and ${entry.file} (${entry.exportName})`,
      );
    }
    byType.set(entry.definition.type, entry);
  }
}
