// /metrics on the real HTTP server, scraped and parsed like Prometheus would: conventional names and
// TYPE lines, and counters that move when actors and pipelines do work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from '../test-support/prometheus-text.ts';
import {
  createTroupeClient,
  serveTroupe,
  startTempTroupe,
  type TempTroupe,
} from '../test-support/temp-troupe.ts';
import { createTroupeMetrics, type TroupeMetrics } from './metrics.ts';

let temp: TempTroupe;
let served: Awaited<ReturnType<typeof serveTroupe>>;
let metrics: TroupeMetrics;

const scrape = async (headers: Record<string, string> = {}) => {
  const response = await fetch(`${served.url}/metrics`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parsePrometheusText(await response.text());
};

beforeAll(async () => {
  metrics = createTroupeMetrics();
  temp = await startTempTroupe({ runtime: { facets: [metrics.turnFacet] } });
  served = await serveTroupe(temp.troupe, { metrics });
});

afterAll(async () => {
  await served.stop();
  await temp.close();
});

describe('GET /metrics', () => {
  it('exposes the runtime, commit, pipeline, socket and process metrics with their types', async () => {
    const exposition = await scrape();
    const expected: Record<string, string> = {
      troupe_actor_activations_total: 'counter',
      troupe_actor_deactivations_total: 'counter',
      troupe_actor_resident: 'gauge',
      troupe_turns_total: 'counter',
      troupe_turn_duration_seconds: 'histogram',
      troupe_mailbox_depth: 'gauge',
      troupe_commit_batches_total: 'counter',
      troupe_commit_batch_size: 'histogram',
      troupe_commit_duration_seconds: 'histogram',
      troupe_pipeline_events_total: 'counter',
      troupe_socket_clients: 'gauge',
      process_cpu_seconds_total: 'counter',
      nodejs_eventloop_lag_seconds: 'gauge',
    };
    for (const [name, type] of Object.entries(expected)) expect(exposition.types.get(name), name).toBe(type);
    for (const name of exposition.types.keys()) expect(name).toMatch(/^(troupe|process|nodejs)_[a-z0-9_]+$/);
  });

  it('moves the counters when an actor is invoked over the control plane', async () => {
    const before = await scrape();
    const client = createTroupeClient(served.url);
    const counter = client.actor('counter', 'metrics-1');
    await counter.ask('increment', { by: 2 });
    await counter.ask('increment', { by: 3 });
    await expect(counter.ask('increment', { by: 0.5 })).rejects.toThrow(); // invalid input: no turn
    const after = await scrape();

    const delta = (name: string, labels?: Record<string, string>) =>
      (sampleValue(after, name, labels) ?? 0) - (sampleValue(before, name, labels) ?? 0);
    expect(delta('troupe_actor_activations_total')).toBe(1);
    expect(delta('troupe_turns_total', { type: 'counter', outcome: 'ok' })).toBe(2);
    expect(delta('troupe_turn_duration_seconds_count', { type: 'counter' })).toBe(2);
    expect(delta('troupe_commit_batches_total')).toBeGreaterThanOrEqual(2);
    expect(delta('troupe_commit_batch_size_count')).toBeGreaterThanOrEqual(2);
    expect(delta('troupe_commit_duration_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(sampleValue(after, 'troupe_actor_resident')).toBeGreaterThanOrEqual(1);
    // Histogram buckets are cumulative and end at +Inf = count.
    const buckets = after.samples.filter(
      (s) => s.name === 'troupe_turn_duration_seconds_bucket' && s.labels.type === 'counter',
    );
    expect(buckets.at(-1)?.labels.le).toBe('+Inf');
    expect(buckets.at(-1)?.value).toBe(
      sampleValue(after, 'troupe_turn_duration_seconds_count', { type: 'counter' }),
    );
  });

  it('counts pipeline events per operator and direction', async () => {
    const client = createTroupeClient(served.url);
    const { id } = await client.pipelines.create.mutate({
      name: 'metrics-pipe',
      operators: [{ kind: 'filter', config: { threshold: 50 } }],
    });
    await client.pipeline(id).publish([
      { sensorId: 'a', value: 10 },
      { sensorId: 'a', value: 60 },
      { sensorId: 'b', value: 70 },
    ]);
    const exposition = await scrape();
    const events = (direction: string) =>
      sampleValue(exposition, 'troupe_pipeline_events_total', {
        pipeline: id,
        operator: '0-filter',
        direction,
      });
    expect(events('in')).toBe(3);
    expect(events('out')).toBe(2);
    expect(sampleValue(exposition, 'troupe_pipeline_published_total', { pipeline: id })).toBe(3);
  });

  it('requires the token when the server has one', async () => {
    const guarded = await serveTroupe(temp.troupe, { token: 'metrics-secret-1', metrics });
    try {
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      const ok = await fetch(`${guarded.url}/metrics`, {
        headers: { authorization: 'Bearer metrics-secret-1' },
      });
      expect(ok.status).toBe(200);
    } finally {
      await guarded.stop();
    }
  });
});
