// Turns a deployed module's source into the one actor definition it exports: link it against this
// server (link-bundle.ts), import it from a file of its own, and collect its definitions the way the
// actors/ folder does. Importing runs the module's top-level code in this process: deployed code is
// trusted operator code (docs/deploy.md).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectDefinitions } from '../actors-folder/load-actors-folder.ts';
import type { AnyActorDefinition } from '../runtime/definition.ts';
import { ActorError, describeError, isActorError } from '../runtime/errors.ts';
import { linkBundle } from './link-bundle.ts';

/** A module whose top-level code has not finished by then is refused (it keeps running, unreachable). */
const LOAD_TIMEOUT_MS = 10_000;

export interface LoadedModule {
  definition: AnyActorDefinition;
  sourceHash: string;
}

/** BAD_INPUT (naming `fileName`) for a module that does not link, throws at load or exports != 1 type. */
export async function loadDeployedModule(source: string, fileName: string): Promise<LoadedModule> {
  const { code, sourceHash } = await linkBundle(source, fileName);
  const namespace = await importOnce(code, fileName);
  let definitions: AnyActorDefinition[];
  try {
    // One definition exported under two names is one type.
    definitions = [...new Set(collectDefinitions(namespace, fileName).map((found) => found.definition))];
  } catch (error) {
    throw asBadInput(error, fileName);
  }
  if (definitions.length !== 1) {
    const found =
      definitions
        .map((d) => `"${d.type}"`)
        .sort()
        .join(', ') || 'none';
    throw new ActorError(
      'BAD_INPUT',
      `${fileName}: a deployed module must export exactly one actor definition (defineActor), found ${found}`,
    );
  }
  return { definition: definitions[0]!, sourceHash };
}

/**
 * Imports `code` from a fresh file, so every load evaluates the module anew (a rollback gets fresh
 * module-level state, and a module that failed once is not answered from the module cache).
 * The file is removed once imported: Node keeps the module in memory.
 */
async function importOnce(code: string, fileName: string): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-deploy-'));
  const file = join(dir, `${basename(fileName).replace(/[^\w.-]/g, '_')}.mjs`);
  let timer: NodeJS.Timeout | undefined;
  try {
    writeFileSync(file, code);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`its top-level code did not finish within ${LOAD_TIMEOUT_MS} ms`)),
        LOAD_TIMEOUT_MS,
      );
    });
    return await Promise.race([import(/* @vite-ignore */ pathToFileURL(file).href), timeout]);
  } catch (error) {
    throw new ActorError('BAD_INPUT', `${fileName} failed to load: ${describeError(error)}`);
  } finally {
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  }
}

function asBadInput(error: unknown, fileName: string): ActorError {
  if (isActorError(error) && error.code === 'BAD_INPUT') return error;
  return new ActorError('BAD_INPUT', `${fileName}: ${describeError(error)}`);
}
