// The simulator's advanced options on the pipeline page: the disclosure opens by keyboard, its
// fields say what is wrong between them (range, disorder pairs) before anything is sent, a seeded
// run with disorder reports its counts and seed, values stay inside the range, the fields follow
// the running simulation after a reload, and axe finds no serious violation in the open form.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';
import { mutate } from './trpc.ts';

test('seed, value range and disorder through the advanced options', async ({ page }) => {
  const { id } = (await mutate(page.request, 'pipelines.create', {
    name: `e2e-sim-${Date.now()}`,
    operators: [{ kind: 'map', config: {} }],
  })) as { id: string };
  await page.goto(`/pipelines/${id}`);
  await expect(page.getByTestId('pipeline-status')).toHaveText('running');

  const advanced = page.getByTestId('simulate-advanced');
  await expect(page.getByTestId('simulate-advanced-state')).toHaveText('· random seed · 0–100 · in order');
  await expect(page.getByTestId('simulate-seed')).toBeHidden();
  await page.getByTestId('simulate-advanced-toggle').focus();
  await page.keyboard.press('Enter');
  await expect(advanced).toHaveAttribute('open', '');

  await page.getByTestId('simulate-rate').fill('200');
  await page.getByTestId('simulate-sensors').fill('4');
  await page.getByLabel('Seed').fill('42');
  await page.getByLabel('Min value').fill('10');
  await page.getByLabel('Max value').fill('5');
  await expect(page.getByTestId('simulate-max-error')).toHaveText('Must be greater than min');
  await expect(page.getByTestId('simulate-submit')).toBeDisabled();
  await page.getByLabel('Max value').fill('20');
  await page.getByLabel('Out of order by (ms)').fill('100');
  await expect(page.getByTestId('simulate-out-of-order-ratio-error')).toHaveText(
    'Set both above 0, or both to 0',
  );
  await page.getByLabel('Out-of-order share (0–1)').fill('0.2');
  await page.getByLabel('Late by (ms)').fill('300');
  await page.getByLabel('Late share (0–1)').fill('0.9');
  await expect(page.getByTestId('simulate-late-ratio-error')).toHaveText(
    'Out-of-order and late shares add up to at most 1',
  );
  await expect(page.getByTestId('simulate-advanced-state')).toHaveText('· fix the marked fields');
  await page.getByLabel('Late share (0–1)').fill('0.1');
  await expect(page.getByTestId('simulate-advanced-state')).toHaveText(
    '· seed 42 · 10–20 · 20% out of order ≤ 100 ms, 10% late ≥ 300 ms',
  );

  const form = await new AxeBuilder({ page }).include('[data-testid="simulate-form"]').analyze();
  expect(form.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

  await page.getByTestId('simulate-submit').click();
  const stats = page.getByTestId('simulate-stats');
  await expect(stats).toContainText('seed 42');
  await expect(stats).toHaveText(/· [1-9][\d,]* out of order · [1-9][\d,]* late ·/, { timeout: 15_000 });

  const results = (await (
    await page.request.get(
      `/api/trpc/pipelines.results?input=${encodeURIComponent(JSON.stringify({ json: { id, limit: 1000 } }))}`,
    )
  ).json()) as { result: { data: { json: { items: { output: { value: number } }[] } } } };
  const values = results.result.data.json.items.map((i) => i.output.value);
  expect(values.length).toBeGreaterThan(0);
  expect(values.filter((v) => v < 10 || v > 20)).toEqual([]);

  // After a reload the fields show what runs; the seed field stays empty (random) and names the seed.
  await page.reload();
  await page.getByTestId('simulate-advanced-toggle').click();
  await expect(page.getByLabel('Min value')).toHaveValue('10');
  await expect(page.getByLabel('Out-of-order share (0–1)')).toHaveValue('0.2');
  await expect(page.getByText('running: 42; empty: random')).toBeVisible();
  await expect(page.getByTestId('simulate-submit')).toBeDisabled(); // nothing changed

  await page.getByTestId('simulate-stop').click();
  await expect(page.getByTestId('pipeline-simulator')).toHaveText('off');
  await mutate(page.request, 'pipelines.delete', { id });
});
