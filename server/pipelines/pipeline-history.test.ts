// A pipeline's history on a real Troupe and SQLite file: what is recorded, that it survives a
// restart (also a rescale completed at start), that it is bounded and deleted with the pipeline;
// and the autoscale bounds at create and at a manual scale.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isActorError } from '../runtime/errors.ts';
import { startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import { HISTORY_LIMIT, PipelineHistory } from './pipeline-history.ts';

let temp: TempTroupe;
beforeEach(async () => {
  temp = await startTempTroupe();
});
afterEach(async () => {
  await temp.close();
});

const spec = {
  name: 'hist',
  operators: [
    { kind: 'map' as const, config: { scale: 2 } },
    { kind: 'reduce' as const, config: { windowSize: 3, fn: 'sum' as const }, autoscale: { min: 1, max: 4 } },
  ],
};
const historyOf = (id: string) => temp.troupe.pipelines.summarize(id).history;
const rowsOf = (id: string) => temp.troupe.prisma.pipelineEvent.count({ where: { pipelineId: id } });

describe('pipeline history', () => {
  it('records created, stopped, started and scaled, newest last, and keeps them across a restart', async () => {
    const before = Date.now();
    const { id } = await temp.troupe.pipelines.create(spec);
    await temp.troupe.pipelines.setStatus(id, 'stopped');
    await temp.troupe.pipelines.setStatus(id, 'stopped'); // no change: no entry
    await temp.troupe.pipelines.setStatus(id, 'running');
    await temp.troupe.pipelines.scale(id, 0, 3);
    await temp.troupe.pipelines.scale(id, 0, 3); // no change: no entry
    const history = historyOf(id);
    expect(history.map((e) => e.kind)).toEqual(['created', 'stopped', 'started', 'scaled']);
    expect(history.at(-1)).toMatchObject({ kind: 'scaled', operator: 0, from: 1, to: 3, reason: 'manual' });
    expect(history.every((e, i) => e.at >= before && e.at >= (history[i - 1]?.at ?? 0))).toBe(true);

    await temp.restart();
    expect(historyOf(id)).toEqual(history);
    expect(temp.troupe.pipelines.summarize(id).operators[0]?.partitions).toBe(3);
  });

  it('completes a rescale found at start and records it with the reason it was begun for', async () => {
    const { id } = await temp.troupe.pipelines.create(spec);
    // What a crash between the rescale's two commits leaves: the intent, with the controller's reason.
    const intent = {
      operatorIndex: 1,
      from: 1,
      to: 2,
      windows: [],
      reason: 'backlog 900 > 100 per partition',
    };
    await temp.troupe.prisma.pipeline.update({ where: { id }, data: { rescale: JSON.stringify(intent) } });
    await temp.restart();
    expect(temp.troupe.pipelines.summarize(id).operators[1]?.partitions).toBe(2);
    expect(historyOf(id).at(-1)).toMatchObject({
      kind: 'scaled',
      operator: 1,
      from: 1,
      to: 2,
      reason: 'backlog 900 > 100 per partition (completed at start)',
    });
  });

  it(`keeps the last ${HISTORY_LIMIT} entries, in memory and in the table`, async () => {
    const history = new PipelineHistory(temp.troupe.prisma);
    history.startEmpty('bounded');
    for (let i = 0; i < HISTORY_LIMIT + 15; i++) {
      await history.append('bounded', { at: i, kind: i % 2 ? 'started' : 'stopped' });
    }
    expect(history.list('bounded')).toHaveLength(HISTORY_LIMIT);
    expect(history.list('bounded')[0]?.at).toBe(15);
    expect(await rowsOf('bounded')).toBe(HISTORY_LIMIT);
    const reread = new PipelineHistory(temp.troupe.prisma);
    await reread.load('bounded');
    expect(reread.list('bounded')).toEqual(history.list('bounded'));
  });

  it('is deleted with the pipeline', async () => {
    const { id } = await temp.troupe.pipelines.create(spec);
    await temp.troupe.pipelines.scale(id, 0, 2);
    expect(await rowsOf(id)).toBe(2);
    await temp.troupe.pipelines.delete(id);
    expect(await rowsOf(id)).toBe(0);
    // A new pipeline that gets the same id starts with its own history only.
    const again = await temp.troupe.pipelines.create(spec);
    expect(again.id).toBe(id);
    expect(historyOf(id).map((e) => e.kind)).toEqual(['created']);
  });
});

describe('autoscale bounds', () => {
  it('start an autoscaled operator at its partitions clamped into [min, max]', async () => {
    const { id } = await temp.troupe.pipelines.create({
      name: 'clamped',
      operators: [
        { kind: 'map', config: {}, autoscale: { min: 2, max: 4 } }, // partitions default 1
        { kind: 'map', config: {}, partitions: 9, autoscale: { min: 1, max: 4 } },
        { kind: 'map', config: {}, partitions: 9 },
      ],
    });
    const summary = temp.troupe.pipelines.summarize(id);
    expect(summary.operators.map((o) => o.partitions)).toEqual([2, 4, 9]);
    expect(summary.operators.map((o) => o.autoscale)).toEqual([{ min: 2, max: 4 }, { min: 1, max: 4 }, null]);
    await temp.restart();
    expect(temp.troupe.pipelines.summarize(id).operators.map((o) => o.partitions)).toEqual([2, 4, 9]);
  });

  it('refuse a manual scale of an autoscaled operator outside them, naming them', async () => {
    const { id } = await temp.troupe.pipelines.create(spec);
    const error = await temp.troupe.pipelines.scale(id, 1, 5).catch((e: unknown) => e);
    expect(isActorError(error) && error.code).toBe('BAD_INPUT');
    expect((error as Error).message).toBe(
      `operator 1 of pipeline "${id}" autoscales within [1, 4] partitions: scale it within those bounds`,
    );
    await temp.troupe.pipelines.scale(id, 1, 4); // inside: fine
    expect(temp.troupe.pipelines.summarize(id).operators[1]?.partitions).toBe(4);
  });
});
