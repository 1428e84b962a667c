// When the socket drops, the dashboard says so and why, every live panel of the Overview marks its
// data stale and disables its controls; when it is back, the panels are live again and what
// happened meanwhile is loaded from the server's history (not lost).
import { expect, test } from './fixtures.ts';
import { mutate } from './trpc.ts';

// While offline, the browser logs the failed reconnection attempts.
test.use({ allowedConsoleErrors: /ERR_INTERNET_DISCONNECTED|WebSocket|socket\.io/ });

test('offline: a banner says why, panels are stale with their controls disabled; back: live and caught up', async ({
  page,
  context,
  request,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('socket-status')).toHaveText('live');
  await expect(page.getByTestId('lifecycle-row').first()).toBeVisible();
  await expect(page.getByTestId('offline-banner')).toHaveCount(0);
  await expect(page.getByTestId('stale-badge')).toHaveCount(0);
  const toggle = page.getByTestId('lifecycle-feed-toggle');
  const clear = page.getByTestId('lifecycle-feed-clear');
  await expect(toggle).toBeEnabled();

  await context.setOffline(true);
  await expect(page.getByTestId('socket-status')).toHaveText('offline');
  const banner = page.getByTestId('offline-banner');
  await expect(banner).toHaveAttribute('data-reason', 'lost');
  await expect(banner).toContainText(
    /Offline since \d{1,2}:\d{2}:\d{2}: the connection to the server was lost/,
  );
  // The tiles, the charts and the feed each say their data is stale.
  await expect(page.getByTestId('overview-tiles').getByTestId('stale-badge')).toBeVisible();
  await expect(
    page.locator('section:has([data-testid="metrics-charts"])').getByTestId('stale-badge'),
  ).toBeVisible();
  await expect(page.getByTestId('lifecycle-feed').getByTestId('stale-badge')).toHaveText(/^stale · since /);
  await expect(page.getByTestId('lifecycle-feed')).toHaveAttribute('data-stale', 'true');
  await expect(toggle).toBeDisabled();
  await expect(clear).toBeDisabled();
  await expect(page.locator('.status-pill')).toHaveAttribute('title', /Offline since .*connection lost/);

  // Meanwhile the server goes on: a transition the page cannot receive live.
  const key = `offline-${Date.now()}`;
  await mutate(request, 'actors.invoke', { type: 'counter', key, action: 'increment' });

  await context.setOffline(false);
  await expect(page.getByTestId('socket-status')).toHaveText('live', { timeout: 15_000 });
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('stale-badge')).toHaveCount(0);
  await expect(toggle).toBeEnabled();
  // Read from the server's history after the reconnect, once.
  await expect(
    page.locator(`[data-testid="lifecycle-row"][data-key="${key}"][data-transition="activated"]`),
  ).toHaveCount(1);
});
