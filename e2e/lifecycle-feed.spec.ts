// The lifecycle firehose: a second page on the Overview sees the transitions the first page causes,
// and pausing the feed holds new events back until it resumes.
import { expect, test } from './fixtures.ts';
import { SCREEN, saveScreenshot } from './screenshots.ts';
import { mutate } from './trpc.ts';

test.use({ viewport: SCREEN });

test('a second page watching the Overview sees lifecycle events caused by the first', async ({
  page,
  context,
  consoleErrors,
}, testInfo) => {
  const watcher = await context.newPage();
  watcher.on('console', (m) => m.type() === 'error' && consoleErrors.push(`watcher: ${m.text()}`));
  watcher.on('pageerror', (e) => consoleErrors.push(`watcher uncaught: ${e.message}`));
  await watcher.goto('/');
  await expect(watcher.getByTestId('socket-status')).toHaveText('live');

  const key = `feed-${Date.now()}`;
  const row = (transition: string) =>
    watcher.locator(`[data-testid="lifecycle-row"][data-key="${key}"][data-transition="${transition}"]`);

  // Page 1 spawns an actor: the watcher sees it activate.
  await page.goto('/actors');
  await page.getByTestId('spawn-toggle').click();
  await page.getByTestId('spawn-key').fill(key);
  await page.getByTestId('spawn-labels').fill('suite=e2e');
  await page.getByTestId('spawn-submit').click();
  await expect(page.getByTestId('spawn-success')).toContainText(`counter/${key}`);
  await expect(row('activated')).toHaveCount(1);

  // Page 1 deactivates it: the watcher sees why.
  await page.getByTestId('spawn-success').getByRole('link').click();
  await expect(page.getByTestId('actor-status')).toHaveText('active');
  await page.getByTestId('deactivate-button').click();
  await page.getByTestId('deactivate-dialog-confirm').click();
  await expect(row('deactivated')).toHaveCount(1);
  await expect(row('deactivated').getByTestId('lifecycle-row-reason')).toHaveText('manual');

  // Paused: new transitions are counted, not shown, until Resume.
  await watcher.getByTestId('lifecycle-feed-toggle').click();
  await expect(watcher.getByTestId('lifecycle-feed-toggle')).toHaveText('Resume');
  await mutate(page.request, 'actors.invoke', { type: 'counter', key, action: 'increment' });
  await expect(watcher.getByTestId('lifecycle-feed-waiting')).not.toHaveText('paused · 0 new');
  await expect(row('activated')).toHaveCount(1);
  await watcher.getByTestId('lifecycle-feed-toggle').click();
  await expect(row('activated')).toHaveCount(2);

  // Newest first.
  await expect(watcher.getByTestId('lifecycle-row').first()).toHaveAttribute('data-key', key);
  await expect(watcher.getByTestId('chart-turns')).toHaveAttribute('data-testid', 'chart-turns');
  await expect(watcher.locator('[data-testid="chart-turns"] .chart')).not.toHaveAttribute('data-points', '0');
  await saveScreenshot(watcher, testInfo, 'overview');
});
