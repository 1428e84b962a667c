// The sensor pipeline from the dashboard: create the reference pipeline with the form, feed it with
// the simulator, watch rates and window outputs on the flow graph and charts, rescale, stop, delete.
import { expect, test } from './fixtures.ts';
import { SCREEN, saveScreenshot } from './screenshots.ts';

test.use({ viewport: SCREEN });

test('reference pipeline: create, simulate, watch, scale to 3 partitions, stop', async ({
  page,
}, testInfo) => {
  await page.goto('/pipelines');
  await expect(page.locator('[data-testid="pipeline-row"][data-id="sensor-demo"]')).toBeVisible();
  await page.getByTestId('create-toggle').click();

  // Prefilled with the reference pipeline: map → filter > 50 → reduce avg/5 → window max,min/3.
  const items = page.getByTestId('operator-item');
  await expect(items).toHaveCount(4);
  for (const [i, kind] of ['map', 'filter', 'reduce', 'window'].entries()) {
    await expect(items.nth(i)).toHaveAttribute('data-kind', kind);
  }
  await expect(page.getByTestId('operator-1-op')).toHaveValue('>');
  await expect(page.getByTestId('operator-1-threshold')).toHaveValue('50');
  await expect(page.getByTestId('operator-2-windowSize')).toHaveValue('5');
  await expect(page.getByTestId('operator-2-fn')).toHaveValue('avg');
  await expect(page.getByTestId('operator-3-size')).toHaveValue('3');
  await expect(page.getByTestId('operator-3-fn-max')).toBeChecked();
  await expect(page.getByTestId('operator-3-fn-min')).toBeChecked();

  // Adding and removing an operator round-trips.
  await page.getByTestId('operator-add-kind').selectOption('filter');
  await page.getByTestId('operator-add').click();
  await expect(items).toHaveCount(5);
  await page.getByTestId('operator-4-remove').click();
  await expect(items).toHaveCount(4);

  const name = `e2e-ref-${Date.now()}`;
  await page.getByTestId('pipeline-name').fill(name);
  await page.getByTestId('create-submit').click();
  await expect(page).toHaveURL(new RegExp(`/pipelines/${name}$`));
  await expect(page.getByTestId('pipeline-title')).toHaveText(name);
  await expect(page.getByTestId('pipeline-status')).toHaveText('running');
  for (const node of ['source', '0', '1', '2', '3', 'sink']) {
    await expect(page.getByTestId(`flow-node-${node}`)).toBeVisible();
  }
  await expect(page.getByTestId('window-charts-empty')).toBeVisible();

  // Feed it: rates on the graph, animated edges, window outputs on the charts.
  await page.getByTestId('simulate-rate').fill('2000');
  await page.getByTestId('simulate-sensors').fill('4');
  await page.getByTestId('simulate-submit').click();
  await expect(page.getByTestId('pipeline-simulator')).toContainText('4 sensors');
  await expect(page.getByTestId('flow-source-rate')).not.toHaveText('0/s');
  await expect(page.getByTestId('flow-node-0-in')).not.toHaveText('0/s');
  await expect(page.locator('.react-flow__edge.animated')).toHaveCount(5);
  await expect(page.getByTestId('flow-sink-outputs')).not.toHaveText('0');
  await expect(page.getByTestId('sensor-chart')).toHaveCount(4);
  await expect(page.getByTestId('sensor-chart').first()).toContainText(/max \d/);
  await expect(page.getByTestId('recent-outputs')).toBeVisible();

  // Scale the reduce operator from 2 to 3 partitions while it runs.
  await expect(page.getByTestId('flow-node-2')).toHaveAttribute('data-partitions', '2');
  await page.getByTestId('scale-operator').selectOption('2');
  await page.getByTestId('scale-partitions').fill('3');
  await page.getByTestId('scale-submit').click();
  await expect(page.getByTestId('flow-node-2-partitions')).toHaveText('×3');
  await expect(page.getByTestId('flow-node-2')).toHaveAttribute('data-partitions', '3');
  await expect(page.getByTestId('scale-error')).toHaveCount(0);
  await page.waitForTimeout(1500); // a couple of pushes after the rescale, for the screenshot
  await expect(page.getByTestId('flow-node-2-in')).not.toHaveText('0/s');
  await saveScreenshot(page, testInfo, 'pipeline-detail');

  // The list shows it live too.
  await page.getByTestId('nav-pipelines').click();
  const row = page.locator(`[data-testid="pipeline-row"][data-id="${name}"]`);
  await expect(row.getByTestId('pipeline-row-rate')).not.toHaveText('0/s');
  await saveScreenshot(page, testInfo, 'pipelines');
  await row.getByTestId('pipeline-link').click();

  // Stop: intake ends, the simulator with it, edges go still.
  await page.getByTestId('pipeline-stop').click();
  await expect(page.getByTestId('pipeline-status')).toHaveText('stopped');
  await expect(page.getByTestId('pipeline-simulator')).toHaveText('off');
  await expect(page.locator('.react-flow__edge.animated')).toHaveCount(0, { timeout: 5000 });

  // Clean up through the UI: delete, confirmed.
  await page.getByTestId('pipeline-delete').click();
  await page.getByTestId('pipeline-delete-dialog-confirm').click();
  await expect(page).toHaveURL(/\/pipelines$/);
  await expect(page.locator(`[data-testid="pipeline-row"][data-id="${name}"]`)).toHaveCount(0);
});
