// actors/bank-account.ts behind the real HTTP server: an overdraft is refused with a typed error,
// the turn that took the money is rolled back (the balance is what it was, the version unchanged),
// and the journal keeps the refused turn with its error beside the committed ones.
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { createTroupeClient } from '../../client/index.ts';
import { serveExamplesForThisFile } from './example-troupe.ts';

const fixture = serveExamplesForThisFile();

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(TRPCClientError);
      return error as Error & { data?: { code?: string; actorCode?: string } };
    },
  );

describe('bank-account', () => {
  it('refuses an overdraft: the turn is rolled back and the journal records it with its error', async () => {
    const account = createTroupeClient(fixture.url).actor('bank-account', 'alice');
    expect(await account.ask('deposit', { amount: 100 })).toBe(100);
    const before = await account.askWithVersion('balance');
    expect(before).toEqual({ result: 100, version: 1 });

    const refused = await failure(account.ask('withdraw', { amount: 250 }));
    expect(refused.data).toMatchObject({ code: 'PRECONDITION_FAILED', actorCode: 'PRECONDITION_FAILED' });
    expect(refused.message).toBe('insufficient funds: cannot withdraw 250, the balance is 100');

    // The handler had already taken the money when it threw: the rollback is what restored it.
    expect(await account.askWithVersion('balance')).toEqual({ result: 100, version: 1 });
    expect(await account.ask('withdraw', { amount: 30 })).toBe(70);

    const { journal, state } = await account.get();
    expect(state).toEqual({ balance: 70 });
    const turns = [...journal]
      .sort((a, b) => a.id - b.id)
      .filter((e) => e.action !== 'balance')
      .map(({ action, input, result, error, state }) => ({ action, input, result, error, state }));
    expect(turns).toEqual([
      { action: 'deposit', input: { amount: 100 }, result: 100, error: null, state: { balance: 100 } },
      {
        action: 'withdraw',
        input: { amount: 250 },
        result: null,
        error: 'insufficient funds: cannot withdraw 250, the balance is 100',
        state: { balance: 100 },
      },
      { action: 'withdraw', input: { amount: 30 }, result: 70, error: null, state: { balance: 70 } },
    ]);
  });

  it('keeps the balance across a restart', async () => {
    const account = createTroupeClient(fixture.url).actor('bank-account', 'durable');
    await account.ask('deposit', { amount: 500 });
    await failure(account.ask('withdraw', { amount: 501 }));
    await fixture.restart();
    const again = createTroupeClient(fixture.url).actor('bank-account', 'durable');
    expect(await again.ask('balance')).toBe(500);
  });

  it('accepts only positive whole amounts, and nothing else in the arguments', async () => {
    const account = createTroupeClient(fixture.url).actor('bank-account', 'strict');
    for (const args of [
      { amount: 0 },
      { amount: -5 },
      { amount: 1.5 },
      { amount: 1_000_000_001 },
      { amount: '10' },
      { amount: 10, note: 'x' },
      {},
    ]) {
      const error = await failure(account.ask('deposit', args as { amount: number }));
      expect(error.data?.code, JSON.stringify(args)).toBe('BAD_REQUEST');
    }
    expect(await account.ask('balance')).toBe(0);
  });
});
