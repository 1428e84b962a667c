// Exit codes scripts can rely on, mapped from the control plane's tRPC error codes in one place.
import { TRPCClientError } from '@trpc/client';
import { TroupeWireError } from '../client/wire-client.ts';

export const EXIT = {
  ok: 0,
  /** Bad command line or invalid input (BAD_REQUEST). */
  usage: 1,
  notFound: 2,
  /** CONFLICT, PRECONDITION_FAILED: the request is fine, the current state forbids it. */
  conflict: 3,
  /** TOO_MANY_REQUESTS, TIMEOUT, SERVICE_UNAVAILABLE: retry later. */
  busy: 4,
  /** Anything else the server answered with (action failed, unauthorized, internal error). */
  server: 5,
  /** No answer at all: nothing listening, DNS, network. */
  connect: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake on the command line: printed with the usage, exits 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A local failure with a chosen exit code (e.g. a backup destination that already exists). */
export class CliFailure extends Error {
  constructor(
    readonly exitCode: ExitCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const BY_TRPC_CODE: Record<string, ExitCode> = {
  BAD_REQUEST: EXIT.usage,
  PARSE_ERROR: EXIT.usage,
  PAYLOAD_TOO_LARGE: EXIT.usage,
  NOT_FOUND: EXIT.notFound,
  CONFLICT: EXIT.conflict,
  PRECONDITION_FAILED: EXIT.conflict,
  TOO_MANY_REQUESTS: EXIT.busy,
  TIMEOUT: EXIT.busy,
  SERVICE_UNAVAILABLE: EXIT.busy,
};

export interface DescribedError {
  exitCode: ExitCode;
  /** tRPC code, or CONNECT / USAGE / ERROR for failures that never reached a procedure. */
  code: string;
  message: string;
}

export function describeFailure(error: unknown): DescribedError {
  if (error instanceof UsageError) return { exitCode: EXIT.usage, code: 'USAGE', message: error.message };
  if (error instanceof CliFailure)
    return { exitCode: error.exitCode, code: error.code, message: error.message };
  if (error instanceof TroupeWireError) {
    return {
      exitCode: BY_TRPC_CODE[error.data.code] ?? EXIT.server,
      code: error.data.code,
      message: error.message,
    };
  }
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string; actorCode?: string | null } | undefined;
    if (data?.code) {
      // An actor that cannot activate is not going to recover by retrying soon.
      const exitCode =
        data.actorCode === 'ACTIVATION_FAILED' ? EXIT.server : (BY_TRPC_CODE[data.code] ?? EXIT.server);
      return { exitCode, code: data.code, message: error.message };
    }
    if (isConnectionFailure(error.cause)) {
      return { exitCode: EXIT.connect, code: 'CONNECT', message: `cannot connect: ${causeMessage(error)}` };
    }
    return { exitCode: EXIT.server, code: 'ERROR', message: error.message };
  }
  if (isConnectionFailure(error))
    return { exitCode: EXIT.connect, code: 'CONNECT', message: causeMessage(error) };
  return {
    exitCode: EXIT.server,
    code: 'ERROR',
    message: error instanceof Error ? error.message : String(error),
  };
}

/** fetch() rejects with TypeError('fetch failed') whose cause is the socket error (ECONNREFUSED...). */
function isConnectionFailure(error: unknown): boolean {
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}

function causeMessage(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  while (current instanceof Error && current.cause) {
    current = current.cause;
    if (current instanceof Error) message = current.message;
  }
  return message;
}
