// A throwing turn rolled back: `withdraw` takes the money first and throws when that overdraws the
// account. The runtime restores the state as it was before the turn, the caller gets the error,
// and the journal (on for this type) records the refused turn with its error. Its facets add an
// audit trail (actors/facets/audit.ts): a facet of our own beside the built-in ones.
import { ActorError, alarms, defineActor, durable, journal, virtual } from 'troupe';
import { z } from 'zod';
import { audit } from './facets/audit.ts';

/** Whole currency units (cents, say): integers keep the arithmetic exact. */
const AMOUNT = z.number().int().positive().max(1_000_000_000);

export const bankAccount = defineActor({
  type: 'bank-account',
  state: () => ({ balance: 0 }),
  facets: [virtual(), durable(), alarms(), journal(), audit()],
  actions: {
    deposit: {
      description: 'Adds `amount` (a positive integer) and returns the new balance.',
      input: z.object({ amount: AMOUNT }).strict(),
      handler: (ctx, { amount }) => {
        ctx.state.balance += amount;
        if (!Number.isSafeInteger(ctx.state.balance)) {
          throw new ActorError('PRECONDITION_FAILED', 'the balance would be too large to keep exactly');
        }
        return ctx.state.balance;
      },
    },
    withdraw: {
      description: 'Takes `amount` out and returns the new balance; refuses (throws) an overdraft.',
      input: z.object({ amount: AMOUNT }).strict(),
      handler: (ctx, { amount }) => {
        ctx.state.balance -= amount;
        // Throwing after the change on purpose: the rollback, not this check, keeps the balance.
        if (ctx.state.balance < 0) {
          throw new ActorError(
            'PRECONDITION_FAILED',
            `insufficient funds: cannot withdraw ${amount}, the balance is ${ctx.state.balance + amount}`,
          );
        }
        return ctx.state.balance;
      },
    },
    balance: {
      description: 'Returns the balance.',
      input: z.object({}).strict(),
      handler: (ctx) => ctx.state.balance,
    },
  },
});
