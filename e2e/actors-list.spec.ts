// The actor list as an operator uses it on a 1024 px screen: the total, sorting, filters and page in
// the URL (a reload and back/forward keep them), spawning with an initial state through the state
// editor (checked before sending, cleared after), the invoke form's words for bad input, and
// internal types (pipeline operators) marked and offered neither for spawning nor for driving.
import { expect, test } from './fixtures.ts';
import { mutate } from './trpc.ts';

test.use({ viewport: { width: 1024, height: 768 } });

const counter = (key: string, args: unknown = { by: 1 }) => ({
  type: 'counter',
  key,
  action: 'increment',
  args,
});

test('total, sorting, filters and page live in the URL', async ({ page }) => {
  const prefix = `e2e-list-${Date.now()}-`;
  // 30 counters: versions 1..3, ten of them labelled tier=gold.
  for (let i = 0; i < 30; i++) {
    const key = `${prefix}${String(i).padStart(2, '0')}`;
    await mutate(page.request, 'actors.spawn', {
      type: 'counter',
      key,
      ...(i % 3 === 0 ? { labels: { tier: 'gold' } } : {}),
    });
    for (let n = 0; n <= i % 3; n++) await mutate(page.request, 'actors.invoke', counter(key));
  }

  await page.goto(`/actors?type=counter&key=${encodeURIComponent(prefix)}`);
  await expect(page.getByTestId('filter-key')).toHaveValue(prefix);
  await expect(page.getByTestId('actors-total')).toHaveText('30 actors');
  await expect(page.getByTestId('actors-page')).toContainText('Page 1 of 2');
  await expect(page.getByTestId('actor-row')).toHaveCount(25);
  await expect(page.getByTestId('actor-row').first()).toHaveAttribute('data-key', `${prefix}00`);

  // Sort by version (newest first), then the other way.
  await page.getByTestId('sort-version').click();
  await expect(page).toHaveURL(/sort=version/);
  await expect(page.getByTestId('actor-row').first()).toHaveAttribute('data-key', `${prefix}02`);
  await page.getByTestId('sort-version').click();
  await expect(page).toHaveURL(/order=asc/);
  await expect(page.getByTestId('actor-row').first()).toHaveAttribute('data-key', `${prefix}00`);

  // Page 2, kept by a reload; back and forward move between the pages.
  await page.getByTestId('actors-next').click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId('actor-row')).toHaveCount(5);
  await expect(page.getByTestId('actors-page')).toContainText('26–30 of 30');
  await page.reload();
  await expect(page.getByTestId('actors-page')).toContainText('Page 2 of 2');
  // Version ascending, then key: the last five of the version-3 actors.
  await expect(page.getByTestId('actor-row').first()).toHaveAttribute('data-key', `${prefix}17`);
  await expect(page.getByTestId('sort-version').locator('..')).toHaveAttribute('aria-sort', 'ascending');
  await page.goBack();
  await expect(page.getByTestId('actors-page')).toContainText('Page 1 of 2');
  await page.goForward();
  await expect(page.getByTestId('actors-page')).toContainText('Page 2 of 2');

  // A label filter, typed: it lands in the URL, starts at page 1 and counts 10.
  await page.getByTestId('filter-label').fill('tier=gold');
  await expect(page).toHaveURL(/label=tier%3Dgold/);
  await expect(page.getByTestId('actors-total')).toHaveText('10 actors');
  await expect(page.getByTestId('actors-page')).toContainText('Page 1 of 1');
  await page.getByTestId('filter-status').selectOption('inactive');
  await expect(page).toHaveURL(/status=inactive/);
  await expect(page.getByTestId('actors-empty')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('filter-status')).toHaveValue('');
  await expect(page.getByTestId('filter-label')).toHaveValue('tier=gold');
  await expect(page.getByTestId('actors-total')).toHaveText('10 actors');
});

test('spawn with an initial state: checked in the invoke form words, cleared after', async ({ page }) => {
  const key = `e2e-state-${Date.now()}`;
  await page.goto('/actors');
  await page.getByTestId('spawn-toggle').click();
  await expect(page.getByTestId('spawn-type')).toHaveValue('counter');
  // Internal types are not offered.
  const offered = await page.getByTestId('spawn-type').locator('option').allTextContents();
  expect(offered).toContain('counter');
  expect(offered.filter((t) => t.startsWith('pipeline-'))).toEqual([]);

  // The invoke form's words: Required, Must be an integer, Must be at least.
  await page.getByTestId('spawn-submit').click();
  await expect(page.getByTestId('spawn-key-error')).toHaveText('Required');
  await page.getByTestId('spawn-key').fill(key);
  await page.getByTestId('spawn-idle').fill('1.5');
  await expect(page.getByTestId('spawn-idle-error')).toHaveText('Must be an integer');
  await page.getByTestId('spawn-idle').fill('10');
  await expect(page.getByTestId('spawn-idle-error')).toHaveText('Must be at least 50');
  await page.getByTestId('spawn-idle').fill('');

  // The editor starts from the default state and checks against its shape.
  await expect(page.getByTestId('spawn-state-default')).toHaveText('default {"count":0}');
  await page.getByTestId('spawn-state-edit').click();
  const editor = page.getByTestId('spawn-state');
  expect(JSON.parse(await editor.inputValue())).toEqual({ count: 0 });
  await editor.fill('{"count": "forty"}');
  await expect(page.getByTestId('spawn-state-error')).toHaveText('count: Must be a number');
  await expect(page.getByTestId('spawn-submit')).toBeDisabled();
  await editor.fill('{"count": 41,}');
  await expect(page.getByTestId('spawn-state-error')).toContainText('Must be valid JSON');
  await editor.fill('{}');
  await expect(page.getByTestId('spawn-state-error')).toHaveText('count: Required');
  await editor.fill('{"count": 41}');
  await expect(page.getByTestId('spawn-state-error')).toHaveCount(0);
  await page.getByTestId('spawn-submit').click();
  await expect(page.getByTestId('spawn-success')).toContainText(`counter/${key}`);
  // Cleared for the next one.
  await expect(page.getByTestId('spawn-key')).toHaveValue('');
  await expect(page.getByTestId('spawn-state')).toHaveCount(0);
  await expect(page.getByTestId('spawn-state-default')).toBeVisible();

  await page.getByTestId('spawn-success').getByRole('link').click();
  await expect(page.getByTestId('actor-state')).toContainText('"count": 41');
  await page.getByTestId('invoke-submit').click();
  await expect(page.getByTestId('invoke-result')).toHaveText('42');
});

test('internal actors are marked in the list and shown read-only', async ({ page }) => {
  await mutate(page.request, 'pipelines.publish', {
    id: 'sensor-demo',
    events: [{ sensorId: 'e2e-internal', value: 99 }],
  });
  await page.goto('/actors?type=pipeline-op');
  await expect(page.getByTestId('actor-row').first()).toBeVisible();
  await expect(page.getByTestId('actor-row-internal').first()).toHaveText('internal');
  await page.getByTestId('actor-link').first().click();
  await expect(page.getByTestId('actor-internal')).toBeVisible();
  await expect(page.getByTestId('actor-state')).toBeVisible();
  await expect(page.getByTestId('invoke-panel')).toHaveCount(0);
  await expect(page.getByTestId('deactivate-button')).toHaveCount(0);
  await expect(page.getByTestId('destroy-button')).toHaveCount(0);
});
