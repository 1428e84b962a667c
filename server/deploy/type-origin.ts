// Where each registered actor type comes from. Only a deployed type (or a new name) can be deployed
// over: the actors/ folder's and the server's own types change with the server's code, not by upload.
import type { AnyActorDefinition } from '../runtime/definition.ts';

export type TypeOrigin = 'folder' | 'deployed' | 'internal' | 'embedded';

/** Type name -> the actors/ folder file that defines it (relative to the folder's parent, for people). */
export type FolderFiles = ReadonlyMap<string, string>;

/** The origin of a registered type that was not deployed. */
export function originOf(definition: AnyActorDefinition, folderFiles: FolderFiles): TypeOrigin {
  if (definition.internal) return 'internal';
  return folderFiles.has(definition.type) ? 'folder' : 'embedded';
}

/** How a refusal names the owner of a type that is not deployed, e.g. "defined by actors/counter.ts". */
export function describeOwner(definition: AnyActorDefinition, folderFiles: FolderFiles): string {
  switch (originOf(definition, folderFiles)) {
    case 'folder':
      return `defined by ${folderFiles.get(definition.type)} in the server's actors folder`;
    case 'internal':
      return 'internal to the runtime';
    default:
      return 'built into this server';
  }
}
