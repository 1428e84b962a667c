// The control plane's root router: one domain router per concern.
import { actorsRouter } from './routers/actors.ts';
import { pipelinesRouter } from './routers/pipelines.ts';
import { systemRouter } from './routers/system.ts';
import { typesRouter } from './routers/types.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  actors: actorsRouter,
  pipelines: pipelinesRouter,
  system: systemRouter,
  types: typesRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
