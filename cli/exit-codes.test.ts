// The exit-code contract of the CLI, from each tRPC error code.
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { describeFailure, EXIT, UsageError } from './exit-codes.ts';

const trpcError = (code: string, actorCode: string | null = null) =>
  TRPCClientError.from({ error: { message: code, code: -32000, data: { code, actorCode } } });

describe('describeFailure', () => {
  it.each([
    ['BAD_REQUEST', EXIT.usage],
    ['NOT_FOUND', EXIT.notFound],
    ['CONFLICT', EXIT.conflict],
    ['PRECONDITION_FAILED', EXIT.conflict],
    ['TOO_MANY_REQUESTS', EXIT.busy],
    ['TIMEOUT', EXIT.busy],
    ['SERVICE_UNAVAILABLE', EXIT.busy],
    ['UNPROCESSABLE_CONTENT', EXIT.server],
    ['UNAUTHORIZED', EXIT.server],
    ['INTERNAL_SERVER_ERROR', EXIT.server],
  ])('%s exits %i', (code, exitCode) => {
    expect(describeFailure(trpcError(code))).toMatchObject({ code, exitCode });
  });

  it('treats an actor that cannot activate as a server error, not a retry', () => {
    expect(describeFailure(trpcError('SERVICE_UNAVAILABLE', 'ACTIVATION_FAILED')).exitCode).toBe(EXIT.server);
  });

  it('maps connection failures to 6 and usage errors to 1', () => {
    const refused = TRPCClientError.from(
      new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }),
    );
    expect(describeFailure(refused)).toMatchObject({ exitCode: EXIT.connect, code: 'CONNECT' });
    expect(describeFailure(refused).message).toContain('ECONNREFUSED');
    expect(describeFailure(new UsageError('missing <key>')).exitCode).toBe(EXIT.usage);
  });
});
