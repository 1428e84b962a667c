// Access log of the control plane: every tRPC request gets an id (the caller's `x-request-id`, or a
// new UUID), echoed in the response header, and one log line when it finishes: method, path,
// procedures, status, duration, and the tRPC errors it carried. Failures log at warn (4xx) or
// error (5xx, with the stack), so one line says what happened and why.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TRPCError } from '@trpc/server';
import type { Logger } from './logger.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

interface RequestRecord {
  id: string;
  errors: { path: string | undefined; code: string; message: string }[];
}

const records = new WeakMap<IncomingMessage, RequestRecord>();
/** Ids are echoed into headers and logs: accept only short, plain tokens from callers. */
const SAFE_ID = /^[\w.:-]{1,128}$/;
const HEALTH_PATH = '/api/trpc/system.health';

export function requestIdOf(req: IncomingMessage): string | undefined {
  return records.get(req)?.id;
}

export function withRequestLog(logger: Logger, handler: Handler): Handler {
  return (req, res) => {
    const header = req.headers['x-request-id'];
    const id = typeof header === 'string' && SAFE_ID.test(header) ? header : randomUUID();
    const record: RequestRecord = { id, errors: [] };
    records.set(req, record);
    res.setHeader('x-request-id', id);
    const started = performance.now();
    res.once('finish', () => {
      const status = res.statusCode;
      const [path = '', query = ''] = (req.url ?? '').split('?');
      const level =
        status >= 500
          ? 'error'
          : status >= 400 || record.errors.length > 0
            ? 'warn'
            : path === HEALTH_PATH
              ? 'debug' // liveness probes poll it every few seconds
              : 'info';
      const line = {
        reqId: id,
        method: req.method,
        path,
        batch: query.includes('batch=1') || undefined,
        status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        errors: record.errors.length > 0 ? record.errors : undefined,
      };
      logger[level](line, 'request');
    });
    return handler(req, res);
  };
}

/** tRPC's onError: records each failed procedure on its request; unexpected ones log their stack. */
export function recordTrpcError(logger: Logger) {
  return ({ error, path, req }: { error: TRPCError; path: string | undefined; req: IncomingMessage }) => {
    const record = records.get(req);
    record?.errors.push({ path, code: error.code, message: error.message });
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      logger.error({ reqId: record?.id, path, err: error.cause ?? error }, 'procedure failed unexpectedly');
    }
  };
}
