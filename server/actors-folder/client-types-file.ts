// The typed client's map of the actors/ folder (client/project-actors.gen.ts): one entry per type,
// read off the definition the module exports, so args and results follow the code with no
// hand-kept list. Written by `npm run types` and by `npm run dev` when a module changes; a test
// fails when the committed file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { LoadedActorType } from './load-actors-folder.ts';

export const CLIENT_TYPES_FILE = join(process.cwd(), 'client', 'project-actors.gen.ts');

export function renderClientTypes(loaded: readonly LoadedActorType[], outFile = CLIENT_TYPES_FILE): string {
  const byFile = [...new Set(loaded.map((t) => t.absolutePath))].sort();
  const alias = new Map(byFile.map((path, i) => [path, `m${i}`]));
  const imports = byFile.map((path) => {
    let specifier = relative(dirname(outFile), path).split(sep).join('/');
    if (!specifier.startsWith('.')) specifier = `./${specifier}`;
    return `import type * as ${alias.get(path)} from '${specifier}';`;
  });
  const entries = [...loaded]
    .sort((a, b) => a.definition.type.localeCompare(b.definition.type))
    .map(
      (t) =>
        `  ${propertyName(t.definition.type)}: ActorShapeOf<(typeof ${alias.get(t.absolutePath)})['${t.exportName}']>;`,
    );
  return [
    '// Generated from the actors/ folder by `npm run types` (and `npm run dev`): do not edit.',
    '// The typed client reads each action’s args and result off the exported definitions.',
    '',
    ...imports, // in the order the formatter keeps: parent folders first
    "import type { ActorShapeOf } from './actor-types.ts';",
    '',
    entries.length === 0 ? 'export type ProjectActors = {};' : 'export type ProjectActors = {',
    ...(entries.length === 0 ? [] : [...entries, '};']),
    '',
  ].join('\n');
}

/** Type names are [a-z0-9-]: quoted (single, as the formatter wants) only when they hold a dash. */
function propertyName(type: string): string {
  return /^[a-z][a-z0-9]*$/.test(type) ? type : `'${type}'`;
}

/** Writes the file only when its content changes (no churn for tools watching the tree). */
export function writeClientTypes(loaded: readonly LoadedActorType[], outFile = CLIENT_TYPES_FILE): boolean {
  const content = renderClientTypes(loaded, outFile);
  let current: string | undefined;
  try {
    current = readFileSync(outFile, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === content) return false;
  writeFileSync(outFile, content);
  return true;
}
