// Actor modules as `troupe deploy` uploads them: ESM with 'troupe' and 'zod' left as imports.

/** A counter whose `add` adds `step`: v1 and v2 differ only in the step, so tests see which serves. */
export function tallyModule(step: number, type = 'tally'): string {
  return `import { defineActor } from 'troupe';
import { z } from 'zod';
const STEP = ${step};
export const tally = defineActor({
  type: ${JSON.stringify(type)},
  state: () => ({ count: 0 }),
  actions: {
    add: { input: z.object({}).strict(), handler: (ctx) => (ctx.state.count += STEP) },
    get: { input: z.object({}).strict(), handler: (ctx) => ctx.state.count },
    step: { input: z.object({}).strict(), handler: () => STEP },
  },
});
`;
}

/** A module whose top-level code throws: it must be refused with this message. */
export const throwingModule = `import { defineActor } from 'troupe';
import { z } from 'zod';
export const tally = defineActor({
  type: 'tally',
  state: () => ({ count: 0 }),
  actions: { get: { input: z.object({}).strict(), handler: (ctx) => ctx.state.count } },
});
throw new Error('the config file is missing');
`;

/** Imports a package the server would have to install: refused at link time. */
export const foreignImportModule = `import { defineActor } from 'troupe';
import { z } from 'zod';
import leftPad from 'left-pad';
export const padded = defineActor({
  type: 'padded',
  state: () => ({}),
  actions: { pad: { input: z.object({ text: z.string() }).strict(), handler: (_ctx, { text }) => leftPad(text, 8) } },
});
`;

/** Throws a typed ActorError from a handler: the caller must get that code, not a 500. */
export const refusingModule = `import { ActorError, defineActor } from 'troupe';
import { z } from 'zod';
export const gate = defineActor({
  type: 'gate',
  state: () => ({}),
  actions: {
    enter: { input: z.object({}).strict(), handler: () => { throw new ActorError('PRECONDITION_FAILED', 'closed'); } },
  },
});
`;

/** Two types in one module: a deploy carries exactly one. */
export const twoTypesModule = `${tallyModule(1, 'first')}
export const second = defineActor({
  type: 'second',
  state: () => ({}),
  actions: { ping: { input: z.object({}).strict(), handler: () => 'pong' } },
});
`;
