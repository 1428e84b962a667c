// The reminder example (durable alarms) from the dashboard: `remind` from the generated form, the
// pending alarm listed with its due time, then the alarm firing on its own: the state and `fired()`
// show the message and the pending list empties, all without a reload.
import { expect, test } from './fixtures.ts';
import { SCREEN, saveScreenshot } from './screenshots.ts';

test.use({
  viewport: SCREEN,
  // The page opens on a key that does not exist yet: `actors.get` answers 404 until the first invoke.
  allowedConsoleErrors: /status of 404/,
});

test('reminder: remind in 1.5 s, see the pending alarm, see it fire', async ({ page }, testInfo) => {
  const key = `e2e-remind-${Date.now()}`;
  await page.goto(`/actors/reminder/${key}`);
  await expect(page.getByTestId('actor-not-found')).toBeVisible();
  await expect(page.getByTestId('socket-status')).toHaveText('live');

  await page.getByTestId('invoke-action').selectOption('remind');
  await page.getByTestId('arg-inMs').fill('1500');
  await page.getByTestId('arg-message').fill('stand up and stretch');
  await page.getByTestId('invoke-submit').click();
  await expect(page.getByTestId('invoke-result')).toContainText('"dueAt"');

  // The alarm row is written with the turn: listed as soon as the page has the actor.
  const alarm = page.getByTestId('alarm-row');
  await expect(alarm).toHaveCount(1);
  await expect(alarm).toHaveAttribute('data-action', 'fire');
  await expect(alarm.getByTestId('alarm-args')).toContainText('stand up and stretch');
  await expect(alarm.getByTestId('alarm-schedule')).toHaveText('once');
  await expect(alarm.getByTestId('alarm-attempts')).toHaveText('0');
  await expect(page.getByTestId('alarms-count')).toHaveText('1');
  await expect(page.getByTestId('actor-state')).toContainText('"pending"');
  await saveScreenshot(page, testInfo, 'actor-reminder-pending');

  // It fires by itself: the `fire` turn is pushed, the pending list is read again and is empty.
  const state = page.getByTestId('actor-state');
  await expect(state).toContainText('"firedAt"', { timeout: 15_000 });
  await expect(state).toContainText('stand up and stretch');
  await expect(page.getByTestId('alarms-empty')).toBeVisible();
  await expect(page.getByTestId('alarms-count')).toHaveText('0');

  await page.getByTestId('invoke-action').selectOption('fired');
  await page.getByTestId('invoke-submit').click();
  const fired = page.getByTestId('invoke-result');
  await expect(fired).toContainText('"message": "stand up and stretch"');
  await expect(fired).toContainText('"firedAt"');
});
