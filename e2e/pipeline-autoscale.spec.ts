// Self-scaling on the pipeline page, with the server's default controller timings (docs/concepts.md,
// "Self-scaling"): an expensive map autoscaled on p99 gets load from the simulator, its partition
// count goes up on the page (table and flow node) with a `scaled` history entry saying why, live;
// once the simulator stops it comes back down to min with an `idle` entry. The page stays free of
// serious axe violations with the new cards filled in.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';
import { mutate } from './trpc.ts';

test('an autoscaled operator scales up under load and back down after it, live on the page', async ({
  page,
}, testInfo) => {
  // Up after 3 s over target, a 10 s cooldown, down after 15 s idle: about 30 s in all.
  test.setTimeout(90_000);
  const { id } = (await mutate(page.request, 'pipelines.create', {
    name: `e2e-autoscale-${Date.now()}`,
    operators: [
      // Every turn busy-waits 2 ms per event: always over a 1 ms p99 target while events flow.
      { kind: 'map', config: { costMs: 2 }, autoscale: { min: 1, max: 2, targetP99Ms: 1 } },
      { kind: 'reduce', config: { windowSize: 5, fn: 'avg' } },
    ],
  })) as { id: string };
  await page.goto(`/pipelines/${id}`);
  await expect(page.getByTestId('pipeline-status')).toHaveText('running');
  await expect(page.getByTestId('socket-status')).toHaveText('live');

  const partitions = page.getByTestId('partitions-0');
  await expect(partitions).toHaveText('1');
  await expect(page.getByTestId('autoscale-0')).toHaveText('1–2');
  await expect(page.getByTestId('flow-node-0-autoscale')).toHaveText('1–2');
  await expect(page.getByTestId('autoscale-1')).toHaveText('fixed');
  const entries = page.getByTestId('history-entry');
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toHaveAttribute('data-kind', 'created');

  // A step of load: 150 events/s through a 2 ms map.
  await mutate(page.request, 'pipelines.simulate', { id, ratePerSec: 150, sensors: 10 });
  await expect(partitions).toHaveText('2', { timeout: 20_000 });
  await expect(page.getByTestId('flow-node-0-partitions')).toContainText('×2');
  const up = page.locator('[data-testid="history-entry"][data-kind="scaled"]').first();
  await expect(up).toContainText('scaled ×1 → ×2');
  await expect(up).toContainText(/#0 map: p99 \d+(\.\d+)? ms > 1 ms/);
  await expect(up.locator('.badge')).toHaveText('auto');

  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    blocking.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
  ).toEqual([]);

  // The load stops: after the cooldown and 15 s idle, back to min.
  await mutate(page.request, 'pipelines.simulate', { id, ratePerSec: 0, sensors: 10 });
  await expect(partitions).toHaveText('1', { timeout: 45_000 });
  const down = page.locator('[data-testid="history-entry"][data-kind="scaled"]').first();
  await expect(down).toContainText('scaled ×2 → ×1');
  await expect(down).toContainText('#0 map: idle: backlog 0');

  // The history is durable: a reload reads it back from the server.
  await page.reload();
  await expect(page.locator('[data-testid="history-entry"][data-kind="scaled"]')).toHaveCount(2);
  const shot = testInfo.outputPath('partitions-and-history.png');
  await page.locator('.scaling-grid').screenshot({ path: shot });
  await testInfo.attach('partitions-and-history', { path: shot, contentType: 'image/png' });

  await mutate(page.request, 'pipelines.delete', { id });
});
