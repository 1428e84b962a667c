// What a failed call tells its caller, decided once for every procedure (trpc.ts's errorFormatter).
// Only errors raised on purpose keep their message: ActorErrors (already mapped to a non-500 code),
// input validation failures and TRPCErrors thrown with a non-500 code. Anything else surfaces as
// INTERNAL_SERVER_ERROR, whose message may be an ORM/SQL text, a file path or a stack (a Prisma P2002,
// SQLITE_IOERR, output validation...): the caller gets a generic message with the request id, and the
// original goes to the server log (observability/request-log.ts logs it with the same id).
import type { IncomingMessage } from 'node:http';
import type { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { requestIdOf } from '../observability/request-log.ts';

/** The caller's message for `error`: generic if unexpected, `path: message; ...` for bad input. */
export function publicMessageOf(error: TRPCError, req: IncomingMessage | undefined): string {
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    const id = req ? requestIdOf(req) : undefined;
    return id
      ? `internal error; see the server log (request id ${id})`
      : 'internal error; see the server log';
  }
  const issues = inputIssuesOf(error);
  return issues ? describeIssues(issues) : error.message;
}

/** The zod error of a failed input validation (tRPC raises BAD_REQUEST with it as the cause). */
export function inputIssuesOf(error: TRPCError): ZodError | null {
  return error.code === 'BAD_REQUEST' && error.cause instanceof ZodError ? error.cause : null;
}

/** Like the runtime's action-argument errors: `path: message`, `; `-joined (`input` for the root). */
function describeIssues(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
}
