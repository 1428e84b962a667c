// The facet examples of actors/: presence is ephemeral (no durable facet: nothing stored, fresh
// after a restart), bank-account carries the audit facet of actors/facets/audit.ts (one JSON line
// per turn, failed ones included) — through the real HTTP server, as a user meets them.
import { describe, expect, it, vi } from 'vitest';
import { createTroupeClient } from '../../client/index.ts';
import { serveExamplesForThisFile } from './example-troupe.ts';

const fixture = serveExamplesForThisFile();

describe('facet examples', () => {
  it('presence is ephemeral: it answers from memory, writes no state, and starts empty after a restart', async () => {
    const room = createTroupeClient(fixture.url).actor('presence', 'lobby');
    expect(await room.ask('join', { user: 'ada' })).toBe(1);
    expect(await room.ask('join', { user: '__proto__' })).toBe(2); // a user name is data, not a key
    expect(await room.ask('join', { user: 'ada' })).toBe(2);
    expect((await room.ask('who', {})).map((p) => p.user)).toEqual(['__proto__', 'ada']);
    const types = await createTroupeClient(fixture.url).actors.types.query();
    expect(types.find((t) => t.type === 'presence')).toMatchObject({ durable: false, facets: ['virtual'] });
    await fixture.temp.troupe.runtime.flush();
    const stored = await fixture.temp.troupe.prisma.actorState.findMany({ where: { type: 'presence' } });
    expect(stored).toEqual([]);

    await fixture.restart();
    expect(await createTroupeClient(fixture.url).actor('presence', 'lobby').ask('who', {})).toEqual([]);
  });

  it('bank-account audits every turn through its custom facet, refused ones with their error', async () => {
    const lines: string[] = [];
    const spy = vi
      .spyOn(console, 'info')
      .mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      const account = createTroupeClient(fixture.url).actor('bank-account', 'audited');
      await account.ask('deposit', { amount: 10 });
      await account.ask('withdraw', { amount: 50 }).catch(() => undefined);
    } finally {
      spy.mockRestore();
    }
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries).toMatchObject([
      { audit: 'bank-account/audited', action: 'deposit', ok: true, error: null, version: 1 },
      {
        audit: 'bank-account/audited',
        action: 'withdraw',
        ok: false,
        error: 'insufficient funds: cannot withdraw 50, the balance is 10',
        version: 1,
      },
    ]);
    const types = await createTroupeClient(fixture.url).actors.types.query();
    expect(types.find((t) => t.type === 'bank-account')?.facets).toEqual([
      'virtual',
      'durable',
      'alarms',
      'journal',
      'audit',
    ]);
  });
});
