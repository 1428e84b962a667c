// Contract: one bad stored row never fails a listing. Rows the control plane would refuse today (an
// old label named `constructor`, state with a reserved key or 10k levels deep, text that is not
// JSON) are written straight into the real SQLite file; an unfiltered actors.list still answers 200,
// listing them with what can be returned and `unreadable` saying what could not, and actors.get
// returns the rest of each actor.
import { describe, expect, it } from 'vitest';
import { servedTroupePerTest } from '../test-support/served-troupe.ts';

const served = servedTroupePerTest();

const BAD_ROWS: { key: string; state: string; labels: string; config?: string; unreadable: RegExp }[] = [
  {
    key: 'old-label',
    state: '{"count":1}',
    labels: '{"constructor":"x","team":"a"}',
    unreadable: /^labels\.constructor: /,
  },
  { key: 'label-value', state: '{"count":1}', labels: '{"team":7}', unreadable: /^labels\.team: / },
  { key: 'labels-text', state: '{"count":1}', labels: 'not json', unreadable: /^labels: / },
  {
    key: 'proto-state',
    state: '{"a":{"__proto__":{"x":1}}}',
    labels: '{}',
    unreadable: /^state\.a\.__proto__: /,
  },
  {
    key: 'deep-state',
    state: `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    labels: '{}',
    unreadable: /^state(\.0)+: nested/,
  },
  { key: 'state-text', state: '{"count":', labels: '{}', config: 'null', unreadable: /^state: / },
];

describe('reading rows the edge would refuse', () => {
  it('lists and gets every actor, reporting the unreadable parts per item', async () => {
    await served.client.actors.spawn.mutate({ type: 'counter', key: 'good', labels: { team: 'a' } });
    const insert = served.temp.troupe.db.prepare(
      `INSERT INTO actor_state (type, key, state, version, labels, config, activations, created_at, updated_at)
       VALUES ('counter', ?, ?, 3, ?, ?, 1, 0, 0)`,
    );
    for (const row of BAD_ROWS) insert.run(row.key, row.state, row.labels, row.config ?? '{}');

    const list = await served.client.actors.list.query({ limit: 500 });
    const byKey = new Map(list.items.map((item) => [item.key, item]));
    expect(byKey.get('good')?.unreadable).toEqual([]);
    expect(byKey.get('old-label')?.labels).toEqual({ team: 'a' });
    expect(byKey.get('old-label')?.unreadable).toEqual([expect.stringMatching(/^labels\.constructor: /)]);
    expect(byKey.get('label-value')?.unreadable).toHaveLength(1);
    expect(byKey.get('labels-text')?.unreadable).toHaveLength(1);
    const filtered = await served.client.actors.list.query({ label: 'team=a', limit: 500 });
    expect(filtered.items.map((item) => item.key).sort()).toEqual(['good', 'old-label']);

    for (const row of BAD_ROWS) {
      const detail = await served.client.actors.get.query({ type: 'counter', key: row.key });
      expect(detail.version).toBe(3);
      expect(detail.unreadable.some((reason) => row.unreadable.test(reason))).toBe(true);
      if (row.key.endsWith('-state') || row.key === 'state-text') expect(detail.state).toBeNull();
    }
  });
});
