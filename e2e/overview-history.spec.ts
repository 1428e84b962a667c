// The Overview opens with the server's recent history, not empty: charts hold the samples taken
// before the page existed, the lifecycle feed the transitions caused before, the tiles the actors
// per type and the errors of the last five minutes; then everything continues live. The layout
// uses the width at 1440 px and stays in columns at 1024 px.
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { NARROW, saveScreenshot, WIDE } from './screenshots.ts';
import { mutate } from './trpc.ts';

test.use({ viewport: WIDE });

async function recentTicks(request: APIRequestContext): Promise<number> {
  const response = await request.get('/api/trpc/system.recentMetrics');
  const body = (await response.json()) as { result: { data: { json: { ticks: unknown[] } } } };
  return body.result.data.json.ticks.length;
}

const points = (page: Page, chart: string) =>
  page.locator(`[data-testid="chart-${chart}"] .chart`).getAttribute('data-points').then(Number);

test('charts, feed and tiles are filled from the server on load, then continue live', async ({
  page,
  request,
}, testInfo) => {
  const key = `history-${Date.now()}`;
  // Before any page is open: turns, a transition with a reason, and a failed turn.
  for (let i = 0; i < 5; i++) {
    await mutate(request, 'actors.invoke', { type: 'counter', key, action: 'increment', args: { by: 1 } });
  }
  await mutate(request, 'actors.deactivate', { type: 'counter', key });
  const overdraft = await request.post('/api/trpc/actors.invoke', {
    data: { json: { type: 'bank-account', key: `${key}-bank`, action: 'withdraw', args: { amount: 5 } } },
  });
  expect(overdraft.status()).toBe(412);
  // The server keeps a sample a second: wait until it holds a few more than live pushes could bring.
  await expect.poll(() => recentTicks(request), { timeout: 15_000 }).toBeGreaterThanOrEqual(8);

  const opened = Date.now();
  await page.goto('/');
  const row = (transition: string) =>
    page.locator(`[data-testid="lifecycle-row"][data-key="${key}"][data-transition="${transition}"]`);
  await expect(row('deactivated').getByTestId('lifecycle-row-reason')).toHaveText('manual');
  await expect(row('activated')).toHaveCount(1);
  // Eight or more points within a couple of seconds of opening: only the loaded history has them.
  await expect.poll(() => points(page, 'turns'), { timeout: 3_000 }).toBeGreaterThanOrEqual(8);
  expect(Date.now() - opened).toBeLessThan(6_000);
  expect(await points(page, 'latency')).toBeGreaterThanOrEqual(8);
  await expect(page.getByTestId('metric-latency')).toHaveText(/\d.* (ms|s)$/);

  // Tiles: the errors of the last five minutes include the overdraft; residents per type are listed.
  await expect(page.getByTestId('tile-errors-value')).not.toHaveText(/^(0|—)$/);
  await expect(page.getByTestId('tile-errors-breakdown')).toContainText(/[1-9]\d* failed turns/);
  await expect(page.getByTestId('tile-pipelines-value')).toHaveText(/^\d+$/);
  await expect(page.locator('[data-testid="tile-actors-type"][data-type="bank-account"]')).toBeVisible();

  // Then live: a new transition arrives without a reload, and no row of the history is doubled.
  await expect(page.getByTestId('socket-status')).toHaveText('live');
  await mutate(request, 'actors.invoke', { type: 'counter', key, action: 'increment', args: { by: 1 } });
  await expect(row('activated')).toHaveCount(2);
  await expect(row('deactivated')).toHaveCount(1);
  const before = await points(page, 'turns');
  await expect.poll(() => points(page, 'turns'), { timeout: 5_000 }).toBeGreaterThan(before);

  await saveScreenshot(page, testInfo, 'overview-1440', WIDE);
});

test('the layout uses the width at 1440 px and stays in columns at 1024 px', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByTestId('socket-status')).toHaveText('live');
  const box = async (testId: string) => (await page.getByTestId(testId).boundingBox())!;
  const tilesInOneRow = async () => {
    const ys = await Promise.all(
      ['tile-actors', 'tile-pipelines', 'tile-events', 'tile-errors'].map(async (id) => (await box(id)).y),
    );
    expect(new Set(ys.map(Math.round)).size, 'the four tiles share one row').toBe(1);
  };
  const noHorizontalScroll = async () =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // 1440: the feed beside the charts, two charts per row.
  await tilesInOneRow();
  await noHorizontalScroll();
  const charts = await box('metrics-charts');
  const feed = await box('lifecycle-feed');
  expect(feed.x).toBeGreaterThan(charts.x + charts.width - 1);
  const [turns, latency] = [await box('chart-turns'), await box('chart-latency')];
  expect(Math.round(latency.y)).toBe(Math.round(turns.y));

  // 1024: the feed below the charts; tiles and charts still side by side.
  await page.setViewportSize(NARROW);
  await tilesInOneRow();
  await noHorizontalScroll();
  const narrowCharts = await box('metrics-charts');
  expect((await box('lifecycle-feed')).y).toBeGreaterThan(narrowCharts.y + narrowCharts.height - 1);
  expect(Math.round((await box('chart-latency')).y)).toBe(Math.round((await box('chart-turns')).y));
  await saveScreenshot(page, testInfo, 'overview-1024', NARROW);
});
