import { z } from 'zod';
import { TROUPE_VERSION } from '../../version.ts';
import { publicProcedure, router } from '../trpc.ts';

const ZHealthSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  uptimeS: z.number(),
  db: z.enum(['ok', 'error']),
  dbError: z.string().optional(),
});

export const systemRouter = router({
  /** Liveness plus a real round trip to SQLite, so "ok" means the database answers. */
  health: publicProcedure.output(ZHealthSchema).query(({ ctx }) => {
    const uptimeS = Math.round((Date.now() - ctx.troupe.startedAt) / 100) / 10;
    try {
      ctx.troupe.db.prepare('SELECT 1').get();
      return { ok: true, version: TROUPE_VERSION, uptimeS, db: 'ok' as const };
    } catch (error) {
      const dbError = error instanceof Error ? error.message : String(error);
      return { ok: false, version: TROUPE_VERSION, uptimeS, db: 'error' as const, dbError };
    }
  }),
});
