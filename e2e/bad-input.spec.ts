// Bad input never leaves the browser: forms show the schema's messages and send nothing.
// What only the server can know (an existing key: CONFLICT) is shown with its message.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { SCREEN, saveScreenshot } from './screenshots.ts';

test.use({
  viewport: SCREEN,
  // The browser logs every 4xx answer; these are the ones this spec provokes on purpose.
  allowedConsoleErrors: /status of (404|409)/,
});

/** Counts control-plane requests from now on. */
function trackTrpc(page: Page) {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/trpc')) urls.push(request.url());
  });
  return urls;
}

test('invalid invoke arguments show the schema messages and send nothing', async ({ page }) => {
  await page.goto('/actors/counter/rivet-1');
  const by = page.getByTestId('arg-by');
  await expect(by).toHaveValue('1');
  await expect(page.getByTestId('actor-state')).toBeVisible();
  const sent = trackTrpc(page);
  const submit = page.getByTestId('invoke-submit');

  await by.fill('1.5');
  await expect(page.getByTestId('arg-by-error')).toHaveText('Must be an integer');
  await expect(submit).toBeDisabled();
  await by.press('Enter');
  await by.fill('ten');
  await expect(page.getByTestId('arg-by-error')).toHaveText('Must be a number');
  await by.fill('2000000');
  await expect(page.getByTestId('arg-by-error')).toHaveText('Must be at most 1000000');
  await by.press('Enter');
  await by.fill('-1000001');
  await expect(page.getByTestId('arg-by-error')).toHaveText('Must be at least -1000000');
  await expect(submit).toBeDisabled();
  await page.waitForTimeout(300);
  expect(sent).toEqual([]);

  await by.fill('2');
  await expect(page.getByTestId('arg-by-error')).toHaveCount(0);
  await expect(submit).toBeEnabled();
});

test('invalid spawn and pipeline forms send nothing; CONFLICT and NOT_FOUND are shown', async ({
  page,
}, testInfo) => {
  await page.goto('/actors');
  await expect(page.getByTestId('actors-table')).toBeVisible();
  await page.getByTestId('spawn-toggle').click();
  await expect(page.getByTestId('spawn-type')).toHaveValue('counter');
  const sent = trackTrpc(page);

  await page.getByTestId('spawn-submit').click();
  await expect(page.getByTestId('spawn-key-error')).toHaveText('Required'); // the invoke form's word
  await page.getByTestId('spawn-key').fill('bad-input-1');
  await page.getByTestId('spawn-labels').fill('no-equals-sign');
  await expect(page.getByTestId('spawn-labels-error')).toHaveText('Use name=value pairs separated by commas');
  await page.getByTestId('spawn-idle').fill('10');
  await expect(page.getByTestId('spawn-idle-error')).toContainText('50');
  await expect(page.getByTestId('spawn-submit')).toBeDisabled();
  await page.getByTestId('spawn-idle').press('Enter');
  await page.waitForTimeout(300);
  expect(sent).toEqual([]);

  // The server's answer for an existing key.
  await page.getByTestId('spawn-labels').fill('');
  await page.getByTestId('spawn-idle').fill('');
  await page.getByTestId('spawn-key').fill('rivet-1');
  await page.getByTestId('spawn-submit').click();
  await expect(page.getByTestId('spawn-error-code')).toHaveText('CONFLICT');
  await expect(page.getByTestId('spawn-error-message')).toHaveText('counter/rivet-1 already exists');
  await saveScreenshot(page, testInfo, 'actors');

  // Pipeline form: per-operator messages, nothing sent.
  await page.goto('/pipelines');
  await page.getByTestId('create-toggle').click();
  const sentPipelines = trackTrpc(page);
  await page.getByTestId('operator-1-threshold').fill('');
  await expect(page.getByTestId('operator-1-threshold-error')).toHaveText('Required');
  await page.getByTestId('operator-2-partitions').fill('0');
  await expect(page.getByTestId('operator-2-partitions-error')).toContainText('1');
  await page.getByTestId('operator-3-fn-max').uncheck();
  await page.getByTestId('operator-3-fn-min').uncheck();
  await expect(page.getByTestId('operator-3-fns-error')).toHaveText('Pick at least one function');
  await page.getByTestId('pipeline-name').fill('   ');
  await expect(page.getByTestId('pipeline-name-error')).toBeVisible();
  await expect(page.getByTestId('create-submit')).toBeDisabled();
  await page.getByTestId('pipeline-name').press('Enter');
  await page.waitForTimeout(300);
  expect(sentPipelines).toEqual([]);

  // A missing actor is a NOT_FOUND with the server's message, not a blank page.
  await page.goto('/actors/counter/no-such-actor');
  await expect(page.getByTestId('actor-not-found')).toContainText('NOT_FOUND');
  await expect(page.getByTestId('actor-not-found')).toContainText('counter/no-such-actor does not exist');
});
