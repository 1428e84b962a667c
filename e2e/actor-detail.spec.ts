// The actor page on a 1024 px screen: lifecycle entries with their reasons in words, a read-only
// action that says it changed nothing, one time format, a journal whose columns stay readable, and
// the actor's own turn rate and latency.
import { expect, test } from './fixtures.ts';
import { mutate } from './trpc.ts';

test.use({ viewport: { width: 1024, height: 768 } });

const CLOCK = /^\d{2}:\d{2}:\d{2}$/;

test('reasons, read-only turns, time format, journal width, turn rate and latency', async ({ page }) => {
  const key = `e2e-detail-${Date.now()}`;
  await mutate(page.request, 'actors.invoke', { type: 'counter', key, action: 'increment', args: { by: 5 } });
  await page.goto(`/actors/counter/${key}`);
  await expect(page.getByTestId('actor-state')).toContainText('"count": 5');

  // A state-changing turn announces its version; a read-only one says it changed nothing.
  await page.getByTestId('invoke-submit').click();
  await expect(page.getByTestId('invoke-result')).toHaveText('6');
  await expect(page.getByTestId('invoke-summary')).toHaveAttribute('data-changed', 'true');
  await expect(page.getByTestId('invoke-summary')).toContainText('new version v2');
  await page.getByTestId('invoke-action').selectOption('get');
  await page.getByTestId('invoke-submit').click();
  await expect(page.getByTestId('invoke-result')).toHaveText('6');
  await expect(page.getByTestId('invoke-summary')).toHaveAttribute('data-changed', 'false');
  await expect(page.getByTestId('invoke-summary')).toContainText('no change, still v2');
  await expect(page.getByTestId('invoke-summary')).not.toContainText('new version');

  // The actor's own turn rate and latency (three turns so far, counted while resident).
  await expect(page.getByTestId('actor-turn-rate')).toHaveText(/^\d+(\.\d)?\/s$/);
  await expect(page.getByTestId('actor-turn-rate')).not.toHaveText('0/s');
  await expect(page.getByTestId('actor-turn-latency')).toHaveText(/ms · .*ms$/);

  // Deactivate: the entry says why, in words; the next turn's activation says what woke it.
  await page.getByTestId('deactivate-button').click();
  await page.getByTestId('deactivate-dialog-confirm').click();
  await expect(page.getByTestId('actor-status')).toHaveText('inactive');
  const lifecycle = page.getByTestId('lifecycle-event');
  await expect(lifecycle.first()).toHaveAttribute('data-reason', 'manual');
  await expect(lifecycle.first().getByTestId('lifecycle-why')).toContainText('deactivated on request');
  await expect(page.getByTestId('actor-turn-rate')).toHaveText('0/s');
  await mutate(page.request, 'actors.invoke', { type: 'counter', key, action: 'get' });
  await expect(lifecycle.first()).toHaveAttribute('data-event', 'activated');
  await expect(lifecycle.first().getByTestId('lifecycle-why')).toHaveText('first turn: get');

  // One time format: the journal and the lifecycle both show HH:MM:SS (stored rows, after a reload).
  await page.reload();
  await expect(lifecycle.first().getByTestId('lifecycle-why')).toHaveText('first turn: get');
  const rows = page.getByTestId('journal-row');
  await expect(rows).toHaveCount(4);
  for (const cell of await rows.locator('td:last-child').all()) await expect(cell).toHaveText(CLOCK);
  for (const time of await lifecycle.locator('time').all()) await expect(time).toHaveText(CLOCK);

  // At 1024 px the journal spans the page: input and result columns have room to read.
  for (const column of ['journal-input', 'journal-result']) {
    const box = await rows.first().getByTestId(column).boundingBox();
    expect(box?.width, column).toBeGreaterThan(160);
  }
  const journal = await page.getByTestId('journal').boundingBox();
  expect(journal?.width).toBeGreaterThan(700);

  // A selected row shows its state right under the journal.
  await rows.nth(2).click();
  await expect(page.getByTestId('journal-selected')).toContainText('"count": 6');
  await expect(page.getByTestId('state-card')).toHaveAttribute('data-historic', 'true');
});
