// Entry of an operator worker thread. Worker threads do not inherit the main thread's TypeScript
// loader (tsx, under `npm start`, `npm run dev` and vitest alike), so the worker registers it
// itself before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./operator-worker.ts');
