#!/usr/bin/env node
// The `troupe` command (package.json "bin"). The CLI is TypeScript: tsx, a dependency, compiles it
// in-process on the fly, so there is no build step and no second process.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
