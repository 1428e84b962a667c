// Deploy against the production process (server/main.ts under tsx, headless), not the test runner's
// module loader: the deployed module must link to that process's own runtime (one ActorError class,
// one zod), and the stored version must be what a restarted process serves.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { startChildTroupe } from '../reliability/support/child-troupe.ts';
import { runTroupe } from '../test-support/run-child.ts';
import { codeOf } from '../test-support/served-troupe.ts';
import { createTroupeClient } from '../test-support/temp-troupe.ts';

const dir = mkdtempSync(join(tmpdir(), 'troupe-deploy-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** v1 refuses odd amounts with a typed error; v2 accepts them: which code serves is visible. */
const ledger = (version: number) => `import { ActorError, defineActor } from 'troupe';
import { z } from 'zod';
export const ledger = defineActor({
  type: 'ledger',
  state: () => ({ total: 0 }),
  actions: {
    add: {
      input: z.object({ amount: z.number().int() }).strict(),
      handler: (ctx, { amount }: { amount: number }) => {
        if (${version} === 1 && amount % 2 === 1) throw new ActorError('PRECONDITION_FAILED', 'v1 takes even amounts');
        ctx.state.total += amount;
        return { total: ctx.state.total, version: ${version} };
      },
    },
  },
});
`;

test('deploy, typed errors, redeploy and restart on a real server process', async () => {
  const dbPath = join(dir, 'troupe.db');
  let server = await startChildTroupe({ dbPath });
  try {
    const file = join(dir, 'ledger.ts');
    writeFileSync(file, ledger(1));
    const first = await runTroupe(['deploy', file, '--url', server.url]);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toMatchObject({ type: 'ledger', version: 1 });

    let client = createTroupeClient(server.url);
    const ledgerA = () => client.actor('ledger', 'a');
    expect(await ledgerA().ask('add', { amount: 2 })).toEqual({ total: 2, version: 1 });
    const refused = (await ledgerA()
      .ask('add', { amount: 3 })
      .catch((e: unknown) => e)) as Error;
    expect(codeOf(refused)).toBe('PRECONDITION_FAILED');
    expect(refused.message).toBe('v1 takes even amounts');
    // zod is the server's own: the schema refuses bad input as BAD_REQUEST with the field named.
    expect(
      codeOf(
        await ledgerA()
          .ask('add', { amount: 'x' })
          .catch((e: unknown) => e),
      ),
    ).toBe('BAD_REQUEST');

    writeFileSync(file, ledger(2));
    const second = await runTroupe(['deploy', file, '--url', server.url]);
    expect(JSON.parse(second.stdout)).toMatchObject({ version: 2, drained: 1 });
    expect(await ledgerA().ask('add', { amount: 3 })).toEqual({ total: 5, version: 2 });

    server.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    server = await startChildTroupe({ dbPath });
    client = createTroupeClient(server.url);
    expect(await ledgerA().ask('add', { amount: 1 })).toEqual({ total: 6, version: 2 });
  } finally {
    server.kill('SIGKILL');
    await server.exited;
  }
});
