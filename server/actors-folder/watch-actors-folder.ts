// `npm run dev`: a changed module in actors/ is imported again and its types swapped in place
// (runtime.replaceType: resident actors finish their current turn, flush and deactivate; the next
// message runs the new code). A module that no longer loads is reported and the previous code keeps
// serving; a new type registers at once. The typed client's map is rewritten when it changes.
import { type FSWatcher, watch } from 'node:fs';
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
  const loadedByPath = new Map<string, LoadedActorType[]>();
  const timers = new Map<string, NodeJS.Timeout>();

  const reload = async (path: string) => {
    let loaded: LoadedActorType[];
    try {
      loaded = await importActorModule(path, ++version);
    } catch (error) {
      logger.error({ err: error, file: path }, 'actor module not reloaded; the previous code keeps serving');
      return;
    }
    for (const { definition, file } of loaded) {
      const owner = folderFiles.get(definition.type);
      if (owner !== undefined && owner !== file) {
        logger.error(
          { type: definition.type, file, owner },
          `type "${definition.type}" is already defined by ${owner}`,
        );
        continue;
      }
      try {
        if (runtime.registry.find(definition.type)) {
          const { drained } = await runtime.replaceType(definition);
          logger.info({ type: definition.type, file, drained }, `reloaded actor type "${definition.type}"`);
        } else {
          runtime.registry.register(definition);
          logger.info({ type: definition.type, file }, `registered actor type "${definition.type}"`);
        }
        folderFiles.set(definition.type, file);
      } catch (error) {
        logger.error({ err: error, type: definition.type, file }, 'actor type not reloaded');
      }
    }
    loadedByPath.set(path, loaded);
    if (options.writeTypes) writeClientTypes([...loadedByPath.values()].flat());
  };

  const ready = (async () => {
    for (const path of actorModuleFiles(dir)) loadedByPath.set(path, await importActorModule(path));
  })().catch((error) => logger.error({ err: error }, 'actors folder watch could not read the folder'));

  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dir, (_event, name) => {
      if (!name) return;
      const path = join(dir, name.toString());
      if (!actorModuleFiles(dir).includes(path)) return; // removed, or not a module
      clearTimeout(timers.get(path));
      timers.set(
        path,
        setTimeout(() => {
          timers.delete(path);
          void ready.then(() => reload(path));
        }, DEBOUNCE_MS),
      );
    });
  } catch (error) {
    logger.error({ err: error, dir }, 'cannot watch the actors folder; restart to pick up changes');
  }
  return {
    reload: async (path) => {
      await ready;
      await reload(path);
    },
    close() {
      watcher?.close();
      for (const timer of timers.values()) clearTimeout(timer);
    },
  };
}
