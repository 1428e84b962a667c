// The committed client/project-actors.gen.ts matches the actors/ folder (run `npm run types` after
// adding or renaming an actor type), and the generator names every type and module it loads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES_FILE, renderClientTypes } from '../server/actors-folder/client-types-file.ts';
import { loadActorsFolder } from '../server/actors-folder/load-actors-folder.ts';

describe('client/project-actors.gen.ts', () => {
  it('is in sync with actors/', async () => {
    const loaded = await loadActorsFolder(join(process.cwd(), 'actors'));
    expect(readFileSync(CLIENT_TYPES_FILE, 'utf8')).toBe(renderClientTypes(loaded));
  });

  it('has one entry per type, importing its module and export by name', async () => {
    const loaded = await loadActorsFolder(join(process.cwd(), 'actors'));
    const text = renderClientTypes(loaded);
    for (const { definition, exportName, absolutePath } of loaded) {
      expect(text).toMatch(
        new RegExp(`^  '?${definition.type}'?: ActorShapeOf<\\(typeof m\\d+\\)\\['${exportName}'\\]>;$`, 'm'),
      );
      expect(text).toContain(`/actors/${absolutePath.split('/').pop()}'`);
    }
    expect(renderClientTypes([])).toContain('export type ProjectActors = {};');
  });
});
