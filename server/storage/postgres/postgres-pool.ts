// Connection pools for PostgreSQL database URLs (cluster mode's DATABASE_URL=postgres://...).
import pg from 'pg';

export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

export interface PostgresPoolOptions {
  /** Connections at most; the commit path holds one per batch in flight. */
  max?: number;
  /** Told about a pooled connection that failed while idle (e.g. the server restarted). */
  onIdleError?: (error: Error) => void;
}

export function createPostgresPool(url: string, options: PostgresPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle connection's error is emitted on the pool; unhandled, it would end the process. The pool
  // drops that connection and the next query opens a new one.
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
}
