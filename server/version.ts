import { readFileSync } from 'node:fs';

/** The package version, read once: health checks and the dashboard show it. */
export const TROUPE_VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;
