// The chat-room example (broadcast): a message posted from one browser's invoke form appears live
// in the Broadcasts card of a second browser watching the same room, with no reload.
import { expect, test } from './fixtures.ts';
import { SCREEN, saveScreenshot } from './screenshots.ts';

test.use({
  viewport: SCREEN,
  // Both pages open the room before its first post: `actors.get` answers 404 until then.
  allowedConsoleErrors: /status of 404/,
});

test('chat-room: a post broadcasts a `message` event to another viewer, live', async ({
  page,
  browser,
}, testInfo) => {
  const key = `e2e-room-${Date.now()}`;
  const url = `/actors/chat-room/${key}`;

  // The watcher: a separate browser context (its own socket), opened before anything was posted.
  const watcherContext = await browser.newContext({ viewport: SCREEN });
  const watcher = await watcherContext.newPage();
  const watcherErrors: string[] = [];
  watcher.on('pageerror', (error) => watcherErrors.push(error.message));
  await watcher.goto(url);
  await expect(watcher.getByTestId('actor-not-found')).toBeVisible();
  await expect(watcher.getByTestId('socket-status')).toHaveText('live');

  await page.goto(url);
  await expect(page.getByTestId('socket-status')).toHaveText('live');
  await page.getByTestId('invoke-action').selectOption('post');
  await page.getByTestId('arg-user').fill('ada');
  await page.getByTestId('arg-text').fill('hello from the first browser');
  await page.getByTestId('invoke-submit').click();
  await expect(page.getByTestId('invoke-result')).toContainText('hello from the first browser');

  // The watcher gets the broadcast and, from that push, the room itself.
  const rows = watcher.getByTestId('broadcast-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('message');
  await expect(rows.first()).toContainText('"user":"ada"');
  await expect(rows.first()).toContainText('hello from the first browser');
  await expect(watcher.getByTestId('actor-state')).toContainText('hello from the first browser');

  // A second post arrives on top, still live.
  await page.getByTestId('arg-user').fill('grace');
  await page.getByTestId('arg-text').fill('and a second one');
  await page.getByTestId('invoke-submit').click();
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('and a second one');
  await expect(rows.nth(1)).toContainText('hello from the first browser');
  // The poster's own page shows its broadcasts too.
  await expect(page.getByTestId('broadcast-row').first()).toContainText('and a second one');
  await saveScreenshot(watcher, testInfo, 'actor-chat-room');

  // Broadcasts are not stored: the room's history is, and `history()` returns both, oldest first.
  await page.getByTestId('invoke-action').selectOption('history');
  await page.getByTestId('invoke-submit').click();
  await expect(page.getByTestId('invoke-result')).toContainText(
    /hello from the first browser[\s\S]*and a second one/,
  );

  expect(watcherErrors, 'the watcher page threw').toEqual([]);
  await watcherContext.close();
});
