// The control plane's actor procedures over real HTTP, a real SQLite file and the typed client.
import { describe, expect, it } from 'vitest';
import { codeOf, servedTroupePerTest } from '../test-support/served-troupe.ts';

const served = servedTroupePerTest();

describe('actors over HTTP', () => {
  it('increments rivet-1 100 times, and the count survives a restart', async () => {
    for (let i = 0; i < 100; i++) {
      await served.client.actors.invoke.mutate({
        type: 'counter',
        key: 'rivet-1',
        action: 'increment',
        args: { by: 1 },
      });
    }
    const before = await served.client.actors.invoke.mutate({
      type: 'counter',
      key: 'rivet-1',
      action: 'get',
    });
    expect(before).toEqual({ result: 100, version: 100 });

    await served.restart();
    const after = await served.client.actors.invoke.mutate({
      type: 'counter',
      key: 'rivet-1',
      action: 'get',
    });
    expect(after).toEqual({ result: 100, version: 100 });
    const detail = await served.client.actors.get.query({ type: 'counter', key: 'rivet-1' });
    expect(detail.activations).toBe(2);
    expect(detail.lifecycle.find((e) => e.event === 'deactivated')?.reason).toBe('shutdown');
  });

  it('deactivates an idle actor after its spawn-configured timeout and re-activates it from storage', async () => {
    await served.client.actors.spawn.mutate({
      type: 'counter',
      key: 'sleepy',
      config: { idleTimeoutMs: 500 },
    });
    await served.client.actors.invoke.mutate({
      type: 'counter',
      key: 'sleepy',
      action: 'increment',
      args: { by: 7 },
    });
    await new Promise((resolve) => setTimeout(resolve, 900));
    const idle = await served.client.actors.get.query({ type: 'counter', key: 'sleepy' });
    expect(idle.status).toBe('inactive');
    expect(idle.lifecycle[0]).toMatchObject({ event: 'deactivated', reason: 'idle' });

    const again = await served.client.actors.invoke.mutate({ type: 'counter', key: 'sleepy', action: 'get' });
    expect(again).toEqual({ result: 7, version: 1 });
    const awake = await served.client.actors.get.query({ type: 'counter', key: 'sleepy' });
    expect(awake.status).toBe('active');
    expect(awake.activations).toBe(2);
  });

  it('applies 1,000 concurrent increments on one key exactly once each, in one activation', async () => {
    const calls = Array.from({ length: 1000 }, () =>
      served.client.actors.invoke.mutate({ type: 'counter', key: 'hot', action: 'increment' }),
    );
    const replies = await Promise.all(calls);
    const counts = replies.map((r) => ('result' in r ? Number(r.result) : 0)).sort((a, b) => a - b);
    expect(counts).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    const detail = await served.client.actors.get.query({ type: 'counter', key: 'hot' });
    expect(detail.state).toEqual({ count: 1000 });
    expect(detail.activations).toBe(1);
  });

  it('maps errors to tRPC codes with messages', async () => {
    const invoke = served.client.actors.invoke.mutate;
    const bad = await invoke({ type: 'counter', key: 'x', action: 'increment', args: { by: 'two' } }).catch(
      (e) => e,
    );
    expect(codeOf(bad)).toBe('BAD_REQUEST');
    expect(String(bad.message)).toMatch(/by/);
    expect(codeOf(await invoke({ type: 'nope', key: 'x', action: 'a' }).catch((e) => e))).toBe('NOT_FOUND');
    expect(codeOf(await invoke({ type: 'counter', key: 'x', action: 'explode' }).catch((e) => e))).toBe(
      'NOT_FOUND',
    );
    const missing = await served.client.actors.get.query({ type: 'counter', key: 'never' }).catch((e) => e);
    expect(codeOf(missing)).toBe('NOT_FOUND');

    await served.client.actors.spawn.mutate({ type: 'counter', key: 'twice' });
    const conflict = await served.client.actors.spawn
      .mutate({ type: 'counter', key: 'twice' })
      .catch((e) => e);
    expect(codeOf(conflict)).toBe('CONFLICT');

    const zod = await invoke({ type: 'counter', key: '', action: 'get' }).catch((e) => e);
    expect(codeOf(zod)).toBe('BAD_REQUEST');
    expect(zod.data?.zodError?.fieldErrors?.key?.[0]).toMatch(/empty/);
  });

  it('lists resident and persisted actors with filters and cursor pagination', async () => {
    for (let i = 0; i < 25; i++) {
      const key = `k-${String(i).padStart(2, '0')}`;
      await served.client.actors.spawn.mutate({
        type: 'counter',
        key,
        labels: { team: i % 2 ? 'odd' : 'even' },
      });
    }
    await served.client.actors.deactivate.mutate({ type: 'counter', key: 'k-00' });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await served.client.actors.list.query({ type: 'counter', limit: 10, cursor });
      seen.push(...page.items.map((i) => i.key));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(seen).toEqual([...seen].sort());

    const inactive = await served.client.actors.list.query({ status: 'inactive' });
    expect(inactive.items.map((i) => i.key)).toEqual(['k-00']);
    const active = await served.client.actors.list.query({ status: 'active', limit: 500 });
    expect(active.items).toHaveLength(24);
    const odd = await served.client.actors.list.query({ label: 'team=odd', limit: 500 });
    expect(odd.items).toHaveLength(12);
  });

  it('destroys an actor with its state and journal; the next message starts fresh', async () => {
    await served.client.actors.invoke.mutate({
      type: 'counter',
      key: 'doomed',
      action: 'increment',
      args: { by: 5 },
    });
    await served.client.actors.destroy.mutate({ type: 'counter', key: 'doomed' });
    const gone = await served.client.actors.get.query({ type: 'counter', key: 'doomed' }).catch((e) => e);
    expect(codeOf(gone)).toBe('NOT_FOUND');
    const fresh = await served.client.actors.invoke.mutate({ type: 'counter', key: 'doomed', action: 'get' });
    expect(fresh).toEqual({ result: 0, version: 0 });
  });

  it('describes types with JSON Schema inputs and reports metrics', async () => {
    const types = await served.client.actors.types.query();
    const counterType = types.find((t) => t.type === 'counter');
    expect(counterType?.journal).toBe(true);
    const increment = counterType?.actions.find((a) => a.name === 'increment');
    expect(increment?.input).toMatchObject({
      type: 'object',
      properties: { by: { type: 'integer', default: 1 } },
    });

    await served.client.actors.invoke.mutate({ type: 'counter', key: 'm', action: 'increment' });
    const metrics = await served.client.system.metrics.query();
    expect(metrics.turnsTotal).toBeGreaterThanOrEqual(1);
    expect(metrics.residentActivations).toBeGreaterThanOrEqual(1);
    expect(metrics.commitBatches).toBeGreaterThanOrEqual(1);
  });
});
