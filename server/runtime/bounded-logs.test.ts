// Bounded resources: what grows with use has a documented bound. A journal entry records input,
// result and state only up to JOURNAL_FIELD_MAX_BYTES each (a large state is not copied into every
// entry); the lifecycle log keeps LIFECYCLE_RETAIN events per actor; the resident set is bounded by
// an estimated memory budget as well as by a count.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineActor } from './definition.ts';
import { JOURNAL_FIELD_MAX_BYTES } from './journal.ts';
import { LIFECYCLE_RETAIN } from './retention.ts';
import { createTestRuntime } from './testing/test-kit.ts';

const blob = defineActor({
  type: 'blob',
  state: () => ({ data: '', n: 0 }),
  journal: true,
  actions: {
    fill: {
      input: z.object({ size: z.number().int() }),
      handler: (ctx, { size }) => {
        ctx.state.data = 'x'.repeat(size);
      },
    },
    bump: { input: z.object({}), handler: (ctx) => ++ctx.state.n },
  },
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('bounded logs and memory', () => {
  it('a journal entry does not copy a large state; small ones keep every field', async () => {
    const t = await createTestRuntime({ types: [blob] });
    const ref = t.runtime.get('blob', 'big');
    await ref.ask('bump');
    await ref.ask('fill', { size: 200_000 });
    for (let i = 0; i < 60; i++) await ref.ask('bump');
    await t.runtime.flush();
    const entries = await t.driver.readJournal('blob', 'big', 100);
    expect(entries).toHaveLength(62);
    const journalBytes = entries.reduce(
      (n, e) => n + (e.state?.length ?? 0) + e.input.length + (e.result?.length ?? 0),
      0,
    );
    expect(journalBytes).toBeLessThan(62 * JOURNAL_FIELD_MAX_BYTES);
    expect(entries.at(-1)).toMatchObject({ action: 'bump', state: '{"data":"","n":1}', result: '1' });
    expect(entries[0]).toMatchObject({ action: 'bump', state: null, result: '61' });
  });

  it('the lifecycle log keeps the newest events of each actor', async () => {
    const t = await createTestRuntime({ types: [blob] });
    const ref = t.runtime.get('blob', 'cycling');
    for (let i = 0; i < LIFECYCLE_RETAIN; i++) {
      await ref.ask('bump');
      await t.runtime.deactivate('blob', 'cycling');
    }
    await t.runtime.stop(); // prunes what was touched
    const events = await t.driver.readLifecycle('blob', 'cycling', 10_000);
    expect(events).toHaveLength(LIFECYCLE_RETAIN);
    expect(events[0]).toMatchObject({ event: 'deactivated', reason: 'manual' });
  });

  it('a memory budget evicts least recently used idle actors, whatever their count', async () => {
    const t = await createTestRuntime({ types: [blob], maxResidentBytes: 400_000 });
    for (let i = 0; i < 10; i++) await t.runtime.get('blob', `b${i}`).ask('fill', { size: 20_000 });
    await settle();
    const resident = [...t.runtime.residents()].map((a) => a.key);
    expect(resident.length).toBeLessThan(10);
    expect(resident).toContain('b9'); // the newest stays
    expect(t.runtime.stats().residentBytes).toBeLessThanOrEqual(400_000);
    expect(t.lifecycleOf('blob', 'b0')).toContain('deactivated:evicted');
    // Evicted state was flushed, not lost.
    expect(JSON.parse((await t.driver.load('blob', 'b0'))!.state).data).toHaveLength(20_000);
  });
});
