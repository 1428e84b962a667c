// actors.list orders, totals and offset pages, against a plain in-memory sort of the same actors:
// every order, both directions, resident and stored actors (and a stored row never active), the
// 'inactive' filter that skips resident rows, and cursors kept to name order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTOR_SORTS, type TListActors, ZListActorsSchema } from '../api/schemas.ts';
import { startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import { compareActors } from './actor-order.ts';
import { listActors, type TActorSummary } from './list-actors.ts';

let temp: TempTroupe;

beforeEach(async () => {
  temp = await startTempTroupe();
  const { runtime, prisma } = temp.troupe;
  // 23 counters: varied versions (each at least 1: an actor whose turns changed nothing has no
  // stored row yet), some deactivated (stored only), one row that was never active.
  for (let i = 0; i < 22; i++) {
    const ref = runtime.get('counter', `c-${String(i).padStart(2, '0')}`);
    for (let n = 0; n <= (i * 7) % 5; n++) await ref.ask('increment', { by: 1 });
    if (i % 3 === 0) await ref.ask('get', {});
  }
  for (let i = 0; i < 22; i += 2) await runtime.deactivate('counter', `c-${String(i).padStart(2, '0')}`);
  await runtime.flush();
  const now = Date.now();
  await prisma.actorState.create({
    data: { type: 'counter', key: 'never', state: '{"count":0}', createdAt: now, updatedAt: now },
  });
});

afterEach(async () => {
  await temp.close();
});

const list = (input: Partial<TListActors>) =>
  listActors(temp.troupe, ZListActorsSchema.parse({ type: 'counter', ...input }));

async function everyPage(input: Partial<TListActors>, limit: number) {
  const items: TActorSummary[] = [];
  const totals = new Set<number>();
  for (let offset = 0; ; offset += limit) {
    const page = await list({ ...input, offset, limit });
    totals.add(page.total);
    items.push(...page.items);
    if (page.items.length < limit) return { items, totals };
  }
}

describe('actors.list order, total and offset', () => {
  it('pages every order in both directions like a sort of all actors, with one total', async () => {
    const all = (await list({ limit: 500 })).items;
    expect(all).toHaveLength(23);
    for (const sort of ACTOR_SORTS) {
      for (const order of ['asc', 'desc'] as const) {
        const expected = [...all].sort(compareActors(sort, order)).map((a) => a.key);
        const { items, totals } = await everyPage({ sort, order }, 5);
        expect(
          items.map((a) => a.key),
          `${sort} ${order}`,
        ).toEqual(expected);
        expect([...totals]).toEqual([23]);
      }
    }
  });

  it('lists most recently active first, and never-active actors last either way', async () => {
    const desc = (await list({ sort: 'lastActive', order: 'desc', limit: 500 })).items;
    const times = desc.map((a) => a.lastActiveAt);
    expect(times.at(-1)).toBeNull();
    const known = times.slice(0, -1) as number[];
    expect(known).toEqual([...known].sort((a, b) => b - a));
    const asc = (await list({ sort: 'lastActive', order: 'asc', limit: 500 })).items;
    expect(asc.at(-1)?.key).toBe('never');
  });

  it("counts and skips resident actors for 'inactive', and counts residents for 'active'", async () => {
    await temp.troupe.runtime.get('counter', 'ghost').ask('get', {}); // resident, no stored row
    const inactive = await everyPage({ status: 'inactive' }, 4);
    expect(inactive.items.every((a) => a.status === 'inactive')).toBe(true);
    expect(inactive.items).toHaveLength(12); // 11 deactivated + the never-active row
    expect([...inactive.totals]).toEqual([12]);
    const active = await everyPage({ status: 'active', sort: 'version', order: 'desc' }, 4);
    expect(active.items).toHaveLength(12);
    expect([...active.totals]).toEqual([12]);
    const versions = active.items.map((a) => a.version);
    expect(versions).toEqual([...versions].sort((a, b) => b - a));
  });

  it('keeps cursors to name order and counts the whole match on every cursor page', async () => {
    const first = await list({ limit: 10 });
    expect(first.total).toBe(23);
    expect(first.nextCursor).not.toBeNull();
    const second = await list({ limit: 10, cursor: first.nextCursor ?? '' });
    expect(second.total).toBe(23);
    expect(second.items[0]?.key).toBe('c-10');
    expect((await list({ sort: 'version', limit: 10 })).nextCursor).toBeNull();
    const refused = ZListActorsSchema.safeParse({ sort: 'version', cursor: first.nextCursor });
    expect(refused.success).toBe(false);
    expect(ZListActorsSchema.safeParse({ offset: 10, cursor: first.nextCursor }).success).toBe(false);
  });

  it('totals a label filter exactly', async () => {
    await temp.troupe.runtime.spawn('counter', 'labelled-a', { labels: { team: 'x' } });
    await temp.troupe.runtime.spawn('counter', 'labelled-b', { labels: { team: 'xy' } });
    const page = await list({ label: 'team=x' });
    expect(page.items.map((a) => a.key)).toEqual(['labelled-a']);
    expect(page.total).toBe(1);
  });

  it('merges resident and stored actors in code point order, rowless residents included', async () => {
    const { runtime } = temp.troupe;
    const keys = ['m-\uFFFF', 'm-\u{1F600}', 'm-a', 'm-\uE000', 'm-Z', 'm-\u00E4'];
    for (const [i, key] of keys.entries()) {
      await runtime.get('counter', key).ask('increment', { by: 1 });
      if (i % 2 === 0) await runtime.deactivate('counter', key);
    }
    await runtime.get('counter', 'm-ghost').ask('get', {}); // resident, no stored row
    const expected = [...keys, 'm-ghost'].sort((a, b) => {
      const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
      const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return x.length - y.length;
    });
    const { items, totals } = await everyPage({ keyPrefix: 'm-' }, 2);
    expect(items.map((a) => a.key)).toEqual(expected);
    expect([...totals]).toEqual([7]);
    const first = await list({ keyPrefix: 'm-', limit: 3 });
    const next = await list({ keyPrefix: 'm-', limit: 10, cursor: first.nextCursor ?? '' });
    expect([...first.items, ...next.items].map((a) => a.key)).toEqual(expected);
  });
});
