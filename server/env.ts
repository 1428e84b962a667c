// Configuration, read and validated once at boot. Every variable and its default is listed in the README.
import { z } from 'zod';
import { DEFAULT_MAX_ROOMS_PER_SOCKET } from './realtime/socket-subscriptions.ts';
import { isLoopbackName, parseAllowedHosts } from './request-policy.ts';

/** A host name or IP literal, no port or scheme: what a Host header names. */
const HOST_NAME = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/;

const ZEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The embedded SQLite file (file:...), or PostgreSQL (postgres://...) for cluster mode. */
  DATABASE_URL: z
    .string()
    .regex(
      /^(file:|postgres(ql)?:\/\/)/,
      'DATABASE_URL must be a SQLite file: URL (e.g. file:./data/troupe.db) or a postgres:// URL',
    )
    .default('file:./data/troupe.db'),
  /** Serve the Next.js dashboard; 0 runs headless (control plane, sockets and metrics only). */
  TROUPE_DASHBOARD: z
    .enum(['0', '1', 'true', 'false'])
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
  /** Seed the demo counter and sensor pipeline on first boot. */
  TROUPE_DEMO: z
    .enum(['0', '1', 'true', 'false'])
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
  /** The folder of actor modules (default ./actors); startTroupe resolves it. */
  TROUPE_ACTORS_DIR: z.string().min(1).optional(),
  /** Shared secret for the control plane, socket.io and /metrics; required when HOST is not loopback. */
  TROUPE_TOKEN: z.string().min(8, 'TROUPE_TOKEN must be at least 8 characters').optional(),
  /**
   * Host names (comma-separated, any port) served besides loopback when no token is set, and
   * accepted as browser origins: what a reverse proxy or a LAN name puts in Host / Origin.
   */
  TROUPE_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform(parseAllowedHosts)
    .refine((hosts) => hosts.every((host) => HOST_NAME.test(host)), {
      message:
        'TROUPE_ALLOWED_HOSTS must be comma-separated host names without scheme or port, e.g. troupe.internal,10.0.0.5',
    }),
  /** Rooms (live views) one socket.io connection may be subscribed to at once. */
  TROUPE_SOCKET_MAX_ROOMS: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_MAX_ROOMS_PER_SOCKET),
  /** How long idempotency keys of actors.invoke are remembered, in ms. */
  TROUPE_IDEMPOTENCY_TTL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(24 * 3600_000),
  /** How often the socket heartbeat is sent, in ms. */
  TROUPE_HEARTBEAT_MS: z.coerce.number().int().min(100).default(2000),
  /** Threads for expensive map and filter batches (0 = off; unset = cores - 1); startTroupe reads it. */
  TROUPE_OPERATOR_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  // [cluster] Set with a postgres:// DATABASE_URL, this process is one node of a cluster (docs/cluster.md).
  /** NATS server (with JetStream) that carries messages between nodes, e.g. nats://127.0.0.1:4222. */
  TROUPE_NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\/[^\s]+$/, 'TROUPE_NATS_URL must be a nats:// URL, e.g. nats://127.0.0.1:4222')
    .optional(),
  /** This node's id: letters, digits, - and _ (default: host name and process id). */
  TROUPE_NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'TROUPE_NODE_ID must be 1 to 64 letters, digits, - or _')
    .optional(),
  /** A node that has not renewed its lease for this long is dead: its actors move to the others. */
  TROUPE_CLUSTER_LEASE_MS: z.coerce.number().int().min(300).max(600_000).default(3_000),
  // [observability] pino level of the process logs
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type TEnv = z.infer<typeof ZEnvSchema>;

export function readEnv(source: Record<string, string | undefined> = process.env): TEnv {
  const parsed = ZEnvSchema.safeParse(source);
  if (parsed.success) {
    if (!parsed.data.TROUPE_TOKEN && !isLoopbackName(parsed.data.HOST)) {
      throw new Error(
        `Refusing to start: HOST=${parsed.data.HOST} is reachable from other machines; set TROUPE_TOKEN to protect the control plane.`,
      );
    }
    if (parsed.data.TROUPE_NATS_URL && parsed.data.DATABASE_URL.startsWith('file:')) {
      throw new Error(
        'Invalid configuration:\n  TROUPE_NATS_URL: cluster mode needs a shared database: set DATABASE_URL=postgres://...',
      );
    }
    return parsed.data;
  }
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
