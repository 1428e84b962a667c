// The durable counter from the dashboard: generated invoke form, live state and journal,
// deactivation with its reason on the timeline, and re-activation with the same count.
import { expect, test } from './fixtures.ts';
import { SCREEN, saveScreenshot } from './screenshots.ts';
import { mutate } from './trpc.ts';

test.use({ viewport: SCREEN });

test('demo counter: increment via the generated form, deactivate, re-activate with the same count', async ({
  page,
}, testInfo) => {
  await page.goto('/actors/counter/rivet-1');
  await expect(page.getByTestId('actor-title')).toHaveText('counter/rivet-1');
  const state = page.getByTestId('actor-state');
  await expect(state).toBeVisible();
  const start = (JSON.parse((await state.textContent()) ?? '{}') as { count: number }).count;

  // The form comes from increment's JSON Schema: `by` is an integer field prefilled with its default.
  await expect(page.getByTestId('invoke-action')).toHaveValue('increment');
  await expect(page.getByTestId('arg-by')).toHaveValue('1');
  for (let i = 1; i <= 3; i++) {
    await page.getByTestId('invoke-submit').click();
    await expect(page.getByTestId('invoke-result')).toHaveText(String(start + i));
  }
  await expect(state).toContainText(`"count": ${start + 3}`);
  await expect(page.getByTestId('actor-status')).toHaveText('active');
  await expect(page.getByTestId('idle-countdown')).toContainText(/idle in \d+s/);
  const journal = page.getByTestId('journal-row');
  await expect(journal.first()).toHaveAttribute('data-action', 'increment');
  await expect(journal.first().getByTestId('journal-result')).toHaveText(String(start + 3));
  await expect(journal.first().getByTestId('journal-input')).toHaveText('{"by":1}');

  // A turn from another client arrives over the socket: state and journal update without a reload.
  await mutate(page.request, 'actors.invoke', {
    type: 'counter',
    key: 'rivet-1',
    action: 'increment',
    args: { by: 10 },
  });
  await expect(state).toContainText(`"count": ${start + 13}`);
  await expect(page.getByTestId('state-version')).not.toHaveText(`v${start}`);
  await expect(journal.first()).toHaveAttribute('data-action', 'increment');
  // Pushed turns carry no input or result; the stored journal row follows right after.
  await expect(journal.first().getByTestId('journal-input')).toHaveText('{"by":10}');
  await expect(journal.first().getByTestId('journal-result')).toHaveText(String(start + 13));

  // A journal row shows the state at its version.
  await journal.nth(1).click();
  await expect(page.getByTestId('state-card')).toHaveAttribute('data-historic', 'true');
  await expect(state).toContainText(`"count": ${start + 3}`);
  await page.getByTestId('state-live').click();
  await expect(state).toContainText(`"count": ${start + 13}`);
  await saveScreenshot(page, testInfo, 'actor-detail');

  // Deactivate, confirmed in a dialog; the timeline shows why.
  await page.getByTestId('deactivate-button').click();
  await expect(page.getByTestId('deactivate-dialog')).toBeVisible();
  await page.getByTestId('deactivate-dialog-confirm').click();
  await expect(page.getByTestId('actor-status')).toHaveText('inactive');
  await expect(page.getByTestId('idle-countdown')).toHaveCount(0);
  const lifecycle = page.getByTestId('lifecycle-event');
  await expect(lifecycle.first()).toHaveAttribute('data-event', 'deactivated');
  await expect(lifecycle.first()).toHaveAttribute('data-reason', 'manual');

  // The next message re-activates it from storage, with the same count.
  await page.getByTestId('invoke-action').selectOption('get');
  await expect(page.getByTestId('invoke-no-input')).toBeVisible();
  await page.getByTestId('invoke-submit').click();
  await expect(page.getByTestId('invoke-result')).toHaveText(String(start + 13));
  await expect(page.getByTestId('actor-status')).toHaveText('active');
  await expect(lifecycle.first()).toHaveAttribute('data-event', 'activated');
  await expect(state).toContainText(`"count": ${start + 13}`);

  // Tell: fire and forget; the new count arrives over the socket.
  await page.getByTestId('invoke-action').selectOption('increment');
  await page.getByTestId('invoke-mode-tell').click();
  await page.getByTestId('arg-by').fill('2');
  await page.getByTestId('invoke-submit').click();
  await expect(page.getByTestId('invoke-outcome')).toContainText('queued');
  await expect(state).toContainText(`"count": ${start + 15}`);
});
