// Event time from the dashboard (docs/concepts.md, "Time, watermarks and windows"): a pipeline
// created with the form (an out-of-order bound, a tumbling window over a named field after a map
// that overflows on huge values), fed out-of-order, late and overflowing events through the page's
// publish form. The window result counts the record that was out of order within the bound; the
// late record is listed with its watermark in "Late and errors" and counted on the flow node; the
// overflow is in the errors stream. Both survive a reload. No axe violations on the form or the card.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const event = (sensorId: string, ts: number, humidity: number, value = 0) =>
  JSON.stringify({ sensorId, value, ts, humidity });

async function publish(page: Page, lines: string[]) {
  await page.getByTestId('publish-events').fill(lines.join('\n'));
  await page.getByTestId('publish-submit').click();
  await expect(page.getByTestId('publish-result')).toHaveText(`${lines.length} accepted`);
}

/** Every axe violation inside `selector`, of any impact. */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  return results.violations.map(
    (v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
}

test('event time: out-of-order events counted, a late record and an overflow in the side streams', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await page.goto('/pipelines');
  await page.getByTestId('create-toggle').click();

  // Reference pipeline minus filter and reduce: map (#0) -> window (#1).
  await page.getByTestId('operator-2-remove').click();
  await page.getByTestId('operator-1-remove').click();
  await expect(page.getByTestId('operator-item')).toHaveCount(2);
  const name = `e2e-event-time-${Date.now()}`;
  await page.getByTestId('pipeline-name').fill(name);

  // Event time: a bad bound is shown at its input, then 500 ms.
  const outOfOrder = page.getByTestId('pipeline-max-out-of-order');
  await expect(outOfOrder).toHaveValue('0');
  await outOfOrder.fill('-5');
  await expect(page.getByTestId('pipeline-max-out-of-order-error')).toBeVisible();
  await outOfOrder.fill('500');
  await expect(page.getByTestId('pipeline-max-out-of-order-error')).toHaveCount(0);

  // The map overflows on huge values (their records go to the errors stream).
  await page.getByTestId('operator-0-scale').fill('1e300');

  // The window: each kind shows its own inputs; the slide rule is shown at the slide.
  await expect(page.getByTestId('operator-1-size')).toHaveValue('3');
  await expect(page.getByTestId('operator-1-emitPartial')).toBeVisible();
  await page.getByTestId('operator-1-mode').selectOption('sliding');
  await expect(page.getByTestId('operator-1-size')).toHaveCount(0);
  await expect(page.getByTestId('operator-1-emitPartial')).toHaveCount(0);
  await page.getByTestId('operator-1-timeMs').fill('1000');
  await page.getByTestId('operator-1-slideMs').fill('2000');
  await expect(page.getByTestId('operator-1-slideMs-error')).toContainText('at most timeMs');
  await page.getByTestId('operator-1-mode').selectOption('session');
  await expect(page.getByTestId('operator-1-gapMs')).toBeVisible();
  await expect(page.getByTestId('operator-1-timeMs')).toHaveCount(0);
  await page.getByTestId('operator-1-mode').selectOption('tumbling');
  await expect(page.getByTestId('operator-1-slideMs')).toHaveCount(0);
  await expect(page.getByTestId('operator-1-timeMs')).toHaveValue('1000');

  // It reads a named field: a reserved name is refused at the field.
  await page.getByTestId('operator-1-field').fill('constructor');
  await expect(page.getByTestId('operator-1-field-error')).toContainText('reserved');
  await expect(page.getByTestId('create-submit')).toBeDisabled();
  expect(await axeViolations(page, '[data-testid="create-pipeline-form"]')).toEqual([]);
  await page.getByTestId('operator-1-field').fill('humidity');
  await page.getByTestId('operator-1-fn-min').uncheck();
  await page.getByTestId('operator-1-fn-count').check();
  await page.getByTestId('operator-1-timeoutMs').fill('60000');
  await expect(page.getByTestId('create-invalid')).toHaveCount(0);
  await page.getByTestId('create-submit').click();

  await expect(page).toHaveURL(new RegExp(`/pipelines/${name}$`));
  await expect(page.getByTestId('pipeline-status')).toHaveText('running');
  await expect(page.getByTestId('socket-status')).toHaveText('live');
  await expect(page.getByTestId('flow-node-1')).toContainText('max,count/1000ms of humidity');
  await expect(page.getByTestId('side-streams-empty')).toContainText('No late records');

  // 600 arrives after 1200 but within 500 ms of disorder: the watermark is 700, [0, 1000) stays open.
  await publish(page, [event('s1', 100, 10), event('s1', 1200, 30), event('s1', 600, 50)]);
  await expect(page.getByTestId('flow-sink-outputs')).toHaveText('0');

  // 1600 raises the watermark to 1100: [0, 1000) fires with 100 and 600; 200 comes after it closed.
  // s2's value times 1e300 leaves the finite range.
  await publish(page, [event('s1', 1600, 20), event('s1', 200, 99), event('s2', 100, 1, 1e10)]);
  const output = page.getByTestId('recent-output');
  await expect(output).toHaveCount(1);
  await expect(output).toContainText('s1');
  await expect(page.getByTestId('recent-output-values')).toHaveText('max 50');
  await expect(output.locator('td').nth(3)).toHaveText('2'); // count: 100 and 600, not 200
  await expect(page.getByTestId('sensor-chart')).toHaveCount(1);

  // The late record: counted on the window's flow node and listed with its watermark.
  await expect(page.getByTestId('flow-node-1-late')).toHaveText('1');
  await expect(page.getByTestId('flow-node-0-errors')).toHaveText('1');
  await expect(page.getByTestId('side-stream-late-count')).toHaveText('1');
  await expect(page.getByTestId('side-stream-errors-count')).toHaveText('1');
  const late = page.locator('[data-testid="side-stream-row"][data-stream="late"]');
  await expect(late).toHaveCount(1);
  await expect(late).toContainText('#1 window');
  await expect(late).toContainText('s1');
  await expect(late.getByTestId('side-stream-ts')).toHaveText('200');
  await expect(late.getByTestId('side-stream-watermark')).toHaveText('1100 · 900 ms behind');
  await expect(late.getByTestId('side-stream-record')).toContainText('"humidity":99');
  expect(await axeViolations(page, '[data-testid="side-streams"]')).toEqual([]);

  // The overflow, in the errors stream.
  await page.getByTestId('side-stream-errors').click();
  const error = page.locator('[data-testid="side-stream-row"][data-stream="errors"]');
  await expect(error).toHaveCount(1);
  await expect(error).toContainText('#0 map');
  await expect(error).toContainText('s2');
  await expect(error.getByTestId('side-stream-reason')).toHaveText('map result of value is not finite');

  // Side streams are durable: a reload reads them back.
  await page.reload();
  await expect(page.getByTestId('socket-status')).toHaveText('live');
  await expect(page.locator('[data-testid="side-stream-row"][data-stream="late"]')).toHaveCount(1);
  await expect(page.getByTestId('side-stream-watermark')).toHaveText('1100 · 900 ms behind');
  expect(await axeViolations(page, '[data-testid="side-streams"]')).toEqual([]);
});
