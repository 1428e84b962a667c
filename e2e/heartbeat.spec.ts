// The heartbeat example (cron) from the dashboard: `start` lists the schedule's next run as a
// pending alarm with its cron expression and due time; `stop` cancels it and the list empties.
import { expect, test } from './fixtures.ts';
import { SCREEN, saveScreenshot } from './screenshots.ts';

test.use({
  viewport: SCREEN,
  // The page opens on a key that does not exist yet: `actors.get` answers 404 until the first invoke.
  allowedConsoleErrors: /status of 404/,
});

test('heartbeat: a cron schedule shows as a pending alarm until it is stopped', async ({
  page,
}, testInfo) => {
  const key = `e2e-beat-${Date.now()}`;
  await page.goto(`/actors/heartbeat/${key}`);
  await expect(page.getByTestId('actor-not-found')).toBeVisible();

  await page.getByTestId('invoke-action').selectOption('start');
  await page.getByTestId('arg-cron').fill('0 3 * * *');
  await page.getByTestId('invoke-submit').click();
  await expect(page.getByTestId('invoke-result')).toContainText('"cron": "0 3 * * *"');

  // The next occurrence (03:00 UTC) is one alarm on `beat`, marked with its expression.
  const alarm = page.getByTestId('alarm-row');
  await expect(alarm).toHaveCount(1);
  await expect(alarm).toHaveAttribute('data-action', 'beat');
  await expect(alarm.getByTestId('alarm-schedule')).toHaveText('cron 0 3 * * *');
  await expect(alarm.getByTestId('alarm-due')).toContainText(/^in \d+(h|m) /);
  await saveScreenshot(page, testInfo, 'actor-heartbeat');

  // Re-scheduling replaces it: still one alarm, now with the new expression.
  await page.getByTestId('arg-cron').fill('*/5 * * * *');
  await page.getByTestId('invoke-submit').click();
  await expect(alarm.getByTestId('alarm-schedule')).toHaveText('cron */5 * * * *');
  await expect(alarm).toHaveCount(1);

  await page.getByTestId('invoke-action').selectOption('stop');
  await page.getByTestId('invoke-submit').click();
  await expect(page.getByTestId('invoke-result')).toContainText('"cron": null');
  await expect(page.getByTestId('alarms-empty')).toBeVisible();
});
