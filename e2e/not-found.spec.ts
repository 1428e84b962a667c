// A page for a pipeline that does not exist answers a real HTTP 404 (not a 200 page saying so), with
// a way back to the list.
import { expect, test } from './fixtures.ts';

test.use({ allowedConsoleErrors: /status of 404/ });

test('a missing pipeline is a 404 page with a link to the pipelines', async ({ page }) => {
  const response = await page.goto('/pipelines/never-created');
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('pipeline-not-found')).toBeVisible();
  await page.getByTestId('pipeline-not-found').getByRole('link', { name: 'pipelines page' }).click();
  await expect(page).toHaveURL(/\/pipelines$/);
  // The demo pipeline still has its page.
  expect((await page.goto('/pipelines/sensor-demo'))?.status()).toBe(200);
});

test('robots.txt (public/) keeps crawlers off the dashboard', async ({ request }) => {
  const response = await request.get('/robots.txt');
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain('Disallow: /');
});
