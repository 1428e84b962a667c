// `npm run types`: writes client/project-actors.gen.ts from the actors/ folder (see
// server/actors-folder/client-types-file.ts). `--check` exits 1 when the file is out of date.

import { readFileSync } from 'node:fs';
import {
  CLIENT_TYPES_FILE,
  renderClientTypes,
  writeClientTypes,
} from '../server/actors-folder/client-types-file.ts';
import { loadActorsFolder } from '../server/actors-folder/load-actors-folder.ts';
import { defaultActorsDir } from '../server/troupe.ts';

const loaded = await loadActorsFolder(defaultActorsDir());
if (process.argv.includes('--check')) {
  const current = readFileSync(CLIENT_TYPES_FILE, 'utf8');
  if (current !== renderClientTypes(loaded)) {
    console.error(`${CLIENT_TYPES_FILE} is out of date: run npm run types`);
    process.exit(1);
  }
} else {
  const changed = writeClientTypes(loaded);
  console.log(`${changed ? 'wrote' : 'unchanged:'} ${CLIENT_TYPES_FILE} (${loaded.length} actor types)`);
}
