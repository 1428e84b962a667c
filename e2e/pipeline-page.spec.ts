// The pipeline page on a 1024 px screen: a flow graph that wraps instead of shrinking, nodes that
// open their operator actors, publishing pasted JSON and NDJSON, the simulator's fields showing the
// running rate and a Stop that leaves the pipeline running, outputs in words and rounded numbers,
// sensor charts on one time axis paged past six, and a second viewer that sees what the first sees.
import { expect, test } from './fixtures.ts';
import { mutate } from './trpc.ts';

test.use({ viewport: { width: 1024, height: 768 } });

const CLOCK = /^\d{2}:\d{2}:\d{2}/;

test('publish, simulate, stop the simulator, page sensors, follow nodes to actors', async ({ page }) => {
  const name = `e2e-page-${Date.now()}`;
  const { id } = (await mutate(page.request, 'pipelines.create', {
    name,
    operators: [
      // Lets every simulated sensor through (their levels drift from 30 to 70).
      { kind: 'filter', config: { field: 'value', op: '>', threshold: -1000 } },
      { kind: 'reduce', config: { windowSize: 2, fn: 'avg' }, partitions: 2 },
      { kind: 'window', config: { size: 2, fns: ['max', 'min'] } },
    ],
  })) as { id: string };
  await page.goto(`/pipelines/${id}`);
  await expect(page.getByTestId('pipeline-status')).toHaveText('running');

  // Five nodes do not fit a 1024 px card at full size: two rows, node text at (nearly) full size.
  const graph = page.getByTestId('flow-graph');
  await expect(graph).toHaveAttribute('data-rows', '2');
  await expect(async () => {
    const node = await page.getByTestId('flow-node-1').boundingBox();
    expect(node?.width).toBeGreaterThanOrEqual(144 * 0.85);
  }).toPass();

  // Publish: a bad line is named, nothing is sent; NDJSON then goes through every stage.
  const events = page.getByTestId('publish-events');
  await events.fill('{"sensorId": "s-1", "value": 70}\n{"sensorId": "s-1", "value": "hot"}');
  await expect(page.getByTestId('publish-events-error')).toHaveText(
    'event 2 (line 2): value: Must be a number',
  );
  await expect(page.getByTestId('publish-submit')).toBeDisabled();
  const ndjson = Array.from({ length: 8 }, (_, i) => JSON.stringify({ sensorId: 's-1', value: 60 + i })).join(
    '\n',
  );
  await events.fill(ndjson);
  await expect(page.getByTestId('publish-submit')).toHaveText('Publish 8 events');
  await page.getByTestId('publish-submit').click();
  await expect(page.getByTestId('publish-result')).toHaveText('8 accepted');
  await expect(page.getByTestId('flow-sink-outputs')).toHaveText('2');

  // Outputs in words: event time as a clock, rounded values, no raw JSON.
  const first = page.getByTestId('recent-output').first();
  await expect(first.getByTestId('recent-output-time')).toHaveText(CLOCK);
  await expect(first.getByTestId('recent-output-values')).toHaveText(/^max \d+(\.\d+)? · min \d+(\.\d+)?$/);
  await expect(first.getByTestId('recent-output-values')).not.toContainText('{');

  // The simulator: started over 9 sensors; after a reload its fields show what runs.
  await page.getByTestId('simulate-rate').fill('400');
  await page.getByTestId('simulate-sensors').fill('9');
  await page.getByTestId('simulate-submit').click();
  await expect(page.getByTestId('pipeline-simulator')).toContainText('9 sensors');
  await page.reload();
  await expect(page.getByTestId('simulate-rate')).toHaveValue('400');
  await expect(page.getByTestId('simulate-sensors')).toHaveValue('9');

  // More than six sensors: six charts, the next page has the rest, 24 a page shows all; one time axis.
  const charts = page.getByTestId('sensor-chart');
  await expect(page.getByTestId('sensor-range')).toHaveText('1–6 of 10 sensors', { timeout: 15_000 });
  await expect(charts).toHaveCount(6);
  await page.getByTestId('sensor-next').click();
  await expect(charts).toHaveCount(4);
  await page.getByTestId('sensor-page-size').click();
  await expect(charts).toHaveCount(10);
  const starts = await charts.evaluateAll((els) => els.map((el) => el.getAttribute('data-from')));
  expect(new Set(starts).size).toBe(1);
  await page.getByTestId('sensor-filter').fill('sensor-9');
  await expect(charts).toHaveCount(1);

  // Stop the simulator only: the pipeline keeps running and still takes published events.
  await page.getByTestId('simulate-stop').click();
  await expect(page.getByTestId('pipeline-simulator')).toHaveText('off');
  await expect(page.getByTestId('pipeline-status')).toHaveText('running');
  await events.fill('{"sensorId": "s-2", "value": 99}');
  await page.getByTestId('publish-submit').click();
  await expect(page.getByTestId('publish-result')).toHaveText('1 accepted');

  // Nodes open their actors: an operator's partitions (a filtered list), one partition, the sink.
  await page.getByTestId('flow-node-1-actors').click();
  await expect(page).toHaveURL(new RegExp(`/actors\\?type=pipeline-op&key=${id}%2F1%2F$`));
  await expect(page.getByTestId('actors-total')).toHaveText('2 actors');
  for (const row of await page.getByTestId('actor-row').all()) {
    expect(await row.getAttribute('data-key')).toMatch(new RegExp(`^${id}/1/[01]$`));
  }
  await page.goBack();
  await page.getByTestId('flow-node-1-partition').first().click();
  await expect(page.getByTestId('actor-title')).toHaveText(`pipeline-op/${id}/1/0`);
  await expect(page.getByTestId('actor-internal')).toBeVisible();
  await page.goBack();
  await page.getByTestId('flow-node-sink-actor').click();
  await expect(page.getByTestId('actor-title')).toHaveText(`pipeline-sink/${id}`);

  await mutate(page.request, 'pipelines.delete', { id });
});

test('a second viewer sees the same charts and outputs as the first', async ({ page, context }) => {
  const name = `e2e-viewers-${Date.now()}`;
  const { id } = (await mutate(page.request, 'pipelines.create', {
    name,
    operators: [{ kind: 'reduce', config: { windowSize: 1, fn: 'avg' } }],
  })) as { id: string };
  await page.goto(`/pipelines/${id}`);
  await expect(page.getByTestId('pipeline-status')).toHaveText('running');
  // Outputs over 8 sensors and 40 seconds of event time, in several pushes.
  const now = Date.now();
  for (let batch = 0; batch < 4; batch++) {
    const events = Array.from({ length: 80 }, (_, i) => ({
      sensorId: `v-${i % 8}`,
      value: batch * 100 + i + 0.123,
      ts: now - 60_000 + (batch * 10 + Math.floor(i / 8)) * 1000,
    }));
    await mutate(page.request, 'pipelines.publish', { id, events });
    // One batch per push: the feed sends at most 200 outputs a push and skips the rest.
    await expect(page.getByTestId('window-outputs-total')).toHaveText(`${(batch + 1) * 80} outputs`);
  }
  await page.getByTestId('sensor-page-size').click();
  await expect(page.getByTestId('sensor-chart')).toHaveCount(8);

  const second = await context.newPage();
  await second.goto(`/pipelines/${id}`);
  await second.getByTestId('sensor-page-size').click();
  await expect(second.getByTestId('sensor-chart')).toHaveCount(8);

  const view = (p: typeof page) =>
    Promise.all([
      p
        .getByTestId('sensor-chart')
        .evaluateAll((els) =>
          els.map((el) => [
            el.getAttribute('data-sensor'),
            el.getAttribute('data-from'),
            el.querySelector('[data-points]')?.getAttribute('data-points'),
            el.querySelector('[data-testid="sensor-chart-latest"]')?.textContent,
          ]),
        ),
      p.getByTestId('recent-output').allTextContents(),
    ]);
  const [mine, theirs] = [await view(page), await view(second)];
  expect(mine[0]).toHaveLength(8);
  expect(Number(mine[0][0]?.[2])).toBeGreaterThan(30); // 40 seconds of points per chart
  expect(theirs).toEqual(mine);
  await second.close();
  await mutate(page.request, 'pipelines.delete', { id });
});
