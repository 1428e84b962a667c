// `npm run dev`: a changed module in actors/ is imported again and its types swapped in place
// (runtime.replaceType: resident actors finish their current turn, flush and deactivate; the next
// message runs the new code). A module that no longer loads is reported and the previous code keeps
// serving; a new type registers at once. A type a module stops defining (edited out, file renamed or
// deleted) keeps serving its last code but no longer belongs to that file, so another file may take
// it up (a file refused for it is reloaded then). A type the folder does not own (built in,
// deployed) is refused, as a start would refuse it. Reloads run one at a time. The typed client's
// map is rewritten when it changes.
import { existsSync, type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';
import type { Runtime } from '../runtime/runtime.ts';
import { writeClientTypes } from './client-types-file.ts';
import { actorModuleFiles, importActorModule, type LoadedActorType } from './load-actors-folder.ts';

export interface ReloadLogger {
  info(context: Record<string, unknown>, message: string): void;
  error(context: Record<string, unknown>, message: string): void;
}

export interface ActorsFolderWatch {
  /** Reloads one module now (the watcher's debounced callback; tests call it directly). */
  reload(path: string): Promise<void>;
  close(): void;
}

const DEBOUNCE_MS = 100;

export function watchActorsFolder(options: {
  dir: string;
  runtime: Runtime;
  /** type -> file of every folder type (kept up to date: deploy refuses folder types by it). */
  folderFiles: Map<string, string>;
  logger: ReloadLogger;
  /** Rewrite client/project-actors.gen.ts (only for the project's own actors/ folder). */
  writeTypes: boolean;
}): ActorsFolderWatch {
  const { dir, runtime, folderFiles, logger } = options;
  let version = 0;
  /** What each module file defines and the folder serves from it. */
  const loadedByPath = new Map<string, LoadedActorType[]>();
  /** Folder types no file defines any more: still registered, free for any file to take up. */
  const released = new Set<string>();
  /** Files refused a type because another file owned it: retried when that type is released. */
  const refused = new Map<string, Set<string>>();
  const timers = new Map<string, NodeJS.Timeout>();

  /** Registers or swaps in each type of `loaded`; the ones the folder now serves from this file. */
  const install = async (path: string, loaded: LoadedActorType[]) => {
    const accepted: LoadedActorType[] = [];
    const refusedHere = new Set<string>();
    for (const entry of loaded) {
      const { definition, file } = entry;
      const { type } = definition;
      const owner = folderFiles.get(type);
      if (owner !== undefined && owner !== file) {
        logger.error({ type, file, owner }, `type "${type}" is already defined by ${owner}`);
        refusedHere.add(type);
        continue;
      }
      if (owner === undefined && !released.has(type) && runtime.registry.find(type)) {
        logger.error(
          { type, file },
          `type "${type}" is already registered, not by the actors folder (built in or deployed); pick another type name`,
        );
        continue;
      }
      try {
        if (runtime.registry.find(type)) {
          const { drained } = await runtime.replaceType(definition);
          logger.info({ type, file, drained }, `reloaded actor type "${type}"`);
        } else {
          runtime.registerType(definition);
          logger.info({ type, file }, `registered actor type "${type}"`);
        }
        folderFiles.set(type, file);
        released.delete(type);
        accepted.push(entry);
      } catch (error) {
        logger.error({ err: error, type, file }, 'actor type not reloaded');
      }
    }
    if (refusedHere.size > 0) refused.set(path, refusedHere);
    else refused.delete(path);
    return accepted;
  };

  /** Types this file served and no longer defines: released; the files waiting for them retried. */
  const letGo = async (
    path: string,
    previous: readonly LoadedActorType[],
    stillDefined: readonly LoadedActorType[],
  ) => {
    const freed: string[] = [];
    for (const { definition, file } of previous) {
      const { type } = definition;
      if (stillDefined.some((t) => t.definition.type === type) || folderFiles.get(type) !== file) continue;
      folderFiles.delete(type);
      released.add(type);
      freed.push(type);
      logger.info(
        { type, file },
        `type "${type}" is no longer defined by ${file}; it keeps serving its last code`,
      );
    }
    for (const [waiting, types] of [...refused]) {
      if (waiting !== path && freed.some((type) => types.has(type))) await reloadNow(waiting);
    }
  };

  const reloadNow = async (path: string): Promise<void> => {
    if (!existsSync(path)) {
      // Deleted, or renamed away (the new name is reported on its own).
      refused.delete(path);
      const previous = loadedByPath.get(path) ?? [];
      loadedByPath.delete(path);
      await letGo(path, previous, []);
      if (options.writeTypes) writeClientTypes([...loadedByPath.values()].flat());
      return;
    }
    let loaded: LoadedActorType[];
    try {
      loaded = await importActorModule(path, ++version);
    } catch (error) {
      logger.error({ err: error, file: path }, 'actor module not reloaded; the previous code keeps serving');
      return;
    }
    const previous = loadedByPath.get(path) ?? [];
    loadedByPath.set(path, await install(path, loaded));
    await letGo(path, previous, loaded);
    if (options.writeTypes) writeClientTypes([...loadedByPath.values()].flat());
  };

  const ready = (async () => {
    for (const path of actorModuleFiles(dir)) loadedByPath.set(path, await importActorModule(path));
  })().catch((error) => logger.error({ err: error }, 'actors folder watch could not read the folder'));

  // One reload at a time: each reads and updates who owns which type.
  let tail: Promise<void> = ready;
  const reload = (path: string) => {
    const run = tail.then(() => reloadNow(path));
    tail = run.catch(() => {});
    return run;
  };

  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dir, (_event, name) => {
      if (!name) return;
      const path = join(dir, name.toString());
      // A module (saved or added), or one that was loaded and is gone now (deleted or renamed).
      if (!loadedByPath.has(path) && !actorModuleFiles(dir).includes(path)) return;
      clearTimeout(timers.get(path));
      timers.set(
        path,
        setTimeout(() => {
          timers.delete(path);
          void reload(path);
        }, DEBOUNCE_MS),
      );
    });
  } catch (error) {
    logger.error({ err: error, dir }, 'cannot watch the actors folder; restart to pick up changes');
  }
  return {
    reload,
    close() {
      watcher?.close();
      for (const timer of timers.values()) clearTimeout(timer);
    },
  };
}
