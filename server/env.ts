// Configuration, read and validated once at boot. Every variable and its default is listed in the README.
import { z } from 'zod';

const ZEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^file:/, 'DATABASE_URL must be a SQLite file: URL, e.g. file:./data/troupe.db')
    .default('file:./data/troupe.db'),
  /** Seed the demo counter and sensor pipeline on first boot. */
  TROUPE_DEMO: z
    .enum(['0', '1', 'true', 'false'])
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
  /** How often the socket heartbeat is sent, in ms. */
  TROUPE_HEARTBEAT_MS: z.coerce.number().int().min(100).default(2000),
});

export type TEnv = z.infer<typeof ZEnvSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): TEnv {
  const parsed = ZEnvSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
