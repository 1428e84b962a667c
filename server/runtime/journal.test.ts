// Contract: the journal facet records every turn (action, args, result, state version, state) in the
// turn's commit; readJournal is newest first; retention keeps the newest N per actor.
import { describe, expect, it } from 'vitest';
import { counter } from '../../actors/counter.ts';
import type { TurnFacet, TurnRecord } from './facets.ts';
import { JOURNAL_PRIORITY } from './journal.ts';
import { createTestRuntime, expectActorError, probeControl, probeType } from './testing/test-kit.ts';

describe('journal', () => {
  it('journals each counter turn: action, input, result, version, state; newest first', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const ref = t.runtime.get('counter', 'j');
    await ref.ask('increment', { by: 2 });
    await ref.ask('increment');
    await ref.ask('get');
    await expectActorError(ref.ask('increment', { by: 'x' }), 'BAD_INPUT'); // never a turn
    await t.runtime.flush();
    const entries = await t.driver.readJournal('counter', 'j', 10);
    expect(entries).toMatchObject([
      { action: 'get', input: '{}', result: '3', error: null, version: 2, state: '{"count":3}' },
      { action: 'increment', input: '{"by":1}', result: '3', error: null, version: 2, state: '{"count":3}' },
      { action: 'increment', input: '{"by":2}', result: '2', error: null, version: 1, state: '{"count":2}' },
    ]);
    expect(entries[0]!.at).toBe(t.clock.now());
    expect(entries.every((e) => e.durationMs >= 0)).toBe(true);
  });

  it('commits the journal row in the same batch as the state write it describes', async () => {
    const t = await createTestRuntime({ types: [counter] });
    const ref = t.runtime.get('counter', 'atomic');
    await ref.ask('get');
    await t.runtime.flush();
    const before = t.driver.commits.length;
    await ref.ask('increment', { by: 5 });
    const batch = t.driver.commits[before]!;
    expect(batch.states).toMatchObject([{ key: 'atomic', version: 1 }]);
    expect(batch.journal).toMatchObject([{ key: 'atomic', version: 1, action: 'increment' }]);
  });

  it('journals a failed turn with its error and the rolled-back state', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control, { journal: true })] });
    const ref = t.runtime.get('probe', 'jf');
    await ref.ask('add');
    await ref.ask('fail').catch(() => {});
    await t.runtime.flush();
    const [failed] = await t.driver.readJournal('probe', 'jf', 1);
    expect(failed).toMatchObject({ action: 'fail', result: null, error: 'boom', version: 1 });
    expect(JSON.parse(failed!.state!)).toMatchObject({ count: 1, log: [] });
  });

  it('does not journal types without journal: true', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control)] });
    await t.runtime.get('probe', 'quiet').ask('add');
    await t.runtime.flush();
    expect(await t.driver.readJournal('probe', 'quiet', 10)).toEqual([]);
  });

  it('retention prunes each actor to its newest N entries', async () => {
    const control = probeControl();
    const t = await createTestRuntime({ types: [probeType(control, { journal: { retain: 3 } }), counter] });
    const ref = t.runtime.get('probe', 'long');
    for (let i = 1; i <= 10; i++) await ref.ask('add');
    await t.runtime.get('counter', 'other').ask('increment');
    await t.runtime.flush();
    expect(await t.driver.readJournal('probe', 'long', 100)).toHaveLength(10);

    await t.clock.advance(10_000); // the prune timer
    const kept = await t.driver.readJournal('probe', 'long', 100);
    expect(kept.map((e) => e.version)).toEqual([10, 9, 8]);
    expect(await t.driver.readJournal('counter', 'other', 100)).toHaveLength(1);
  });

  it('runs extra facets after every turn in priority order, alongside the journal', async () => {
    const seen: string[] = [];
    const facet = (name: string, priority: number): TurnFacet => ({
      name,
      priority,
      appliesTo: () => true,
      afterTurn: (turn: TurnRecord) => seen.push(`${name}:${turn.action}:${turn.ok}:v${turn.version}`),
    });
    const t = await createTestRuntime({ types: [counter], facets: [facet('late', 900), facet('early', 10)] });
    await t.runtime.get('counter', 'f').ask('increment');
    await expectActorError(t.runtime.get('counter', 'f').ask('increment', { by: 2_000_000 }), 'BAD_INPUT');
    expect(seen).toEqual(['early:increment:true:v1', 'late:increment:true:v1']);
    expect(JOURNAL_PRIORITY).toBeGreaterThan(10);
    expect(JOURNAL_PRIORITY).toBeLessThan(900);
  });
});
