// The dashboard shell: health over tRPC, the live socket, and navigation between sections.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

test('overview shows a healthy control plane and a live socket', async ({ page }, testInfo) => {
  await page.goto('/');

  await expect(page).toHaveTitle(/Overview · Troupe/);
  await expect(page.getByTestId('health-status')).toHaveText('ok');
  await expect(page.getByTestId('health-version')).toHaveText(version);
  await expect(page.getByTestId('health-db')).toHaveText('ok');
  await expect(page.getByTestId('socket-status')).toHaveText('live');
  // The heartbeat sent on connect fills the realtime card.
  await expect(page.getByTestId('heartbeat-uptime')).not.toHaveText('—');
  await expect(page.getByTestId('nav-overview')).toHaveAttribute('aria-current', 'page');

  const screenshot = testInfo.outputPath('overview.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('overview', { path: screenshot, contentType: 'image/png' });
});

test('navigation reaches Actors and Pipelines and keeps the socket live', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('socket-status')).toHaveText('live');

  await page.getByTestId('nav-actors').click();
  await expect(page).toHaveURL(/\/actors$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Actors' })).toBeVisible();
  await expect(page.getByTestId('nav-actors')).toHaveAttribute('aria-current', 'page');

  await page.getByTestId('nav-pipelines').click();
  await expect(page).toHaveURL(/\/pipelines$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Pipelines' })).toBeVisible();

  await page.getByTestId('nav-overview').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('health-status')).toHaveText('ok');
  // Client-side navigation keeps the layout, so the one shared connection never dropped.
  await expect(page.getByTestId('socket-status')).toHaveText('live');
});
