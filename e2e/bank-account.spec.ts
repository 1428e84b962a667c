// The bank-account example (a throwing turn rolled back): an overdraft is refused with the
// action's own words in the invoke form, the journal records the refused turn with that error,
// and the balance is what it was before the turn.
import { expect, test } from './fixtures.ts';
import { SCREEN, saveScreenshot } from './screenshots.ts';

test.use({
  viewport: SCREEN,
  // 404: the account does not exist before its first deposit; 412: the refused withdrawal.
  allowedConsoleErrors: /status of (404|412)/,
});

test('bank-account: an overdraft is refused, journaled, and rolled back', async ({ page }, testInfo) => {
  const key = `e2e-account-${Date.now()}`;
  await page.goto(`/actors/bank-account/${key}`);
  await expect(page.getByTestId('actor-not-found')).toBeVisible();

  await page.getByTestId('invoke-action').selectOption('deposit');
  await page.getByTestId('arg-amount').fill('100');
  await page.getByTestId('invoke-submit').click();
  await expect(page.getByTestId('invoke-result')).toHaveText('100');
  const state = page.getByTestId('actor-state');
  await expect(state).toContainText('"balance": 100');
  await expect(page.getByTestId('actor-version')).toHaveText('1');

  await page.getByTestId('invoke-action').selectOption('withdraw');
  await page.getByTestId('arg-amount').fill('250');
  await page.getByTestId('invoke-submit').click();
  await expect(page.getByTestId('invoke-error-code')).toHaveText('PRECONDITION_FAILED');
  await expect(page.getByTestId('invoke-error-message')).toHaveText(
    'insufficient funds: cannot withdraw 250, the balance is 100',
  );
  await expect(page.getByTestId('invoke-outcome')).toHaveCount(0);

  // The refused turn is in the journal with its error; the state kept its balance and version.
  const refused = page.getByTestId('journal-row').first();
  await expect(refused).toHaveAttribute('data-action', 'withdraw');
  await expect(refused.getByTestId('journal-input')).toHaveText('{"amount":250}');
  await expect(refused.getByTestId('journal-result')).toContainText('insufficient funds');
  await expect(refused.getByTestId('journal-result')).toHaveAttribute('data-tone', 'error');
  await expect(state).toContainText('"balance": 100');
  await expect(page.getByTestId('actor-version')).toHaveText('1');
  await expect(page.getByTestId('actor-status')).toHaveText('active');
  await saveScreenshot(page, testInfo, 'actor-bank-account');

  // After a reload, from storage: the same.
  await page.reload();
  await expect(page.getByTestId('actor-state')).toContainText('"balance": 100');
  await expect(page.getByTestId('journal-row').first()).toHaveAttribute('data-action', 'withdraw');
  await page.getByTestId('invoke-action').selectOption('balance');
  await page.getByTestId('invoke-submit').click();
  await expect(page.getByTestId('invoke-result')).toHaveText('100');
});
