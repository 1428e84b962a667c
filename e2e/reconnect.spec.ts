// After the socket drops and reconnects, views re-join their rooms: pushes resume without a reload.
import { expect, test } from './fixtures.ts';
import { mutate } from './trpc.ts';

// While offline, the browser logs the failed reconnection attempts.
test.use({ allowedConsoleErrors: /ERR_INTERNET_DISCONNECTED|WebSocket|socket\.io/ });

test('a view re-subscribes to its room after a reconnect', async ({ page, context }) => {
  await page.goto('/actors/counter/rivet-1');
  const state = page.getByTestId('actor-state');
  await expect(state).toBeVisible();
  await expect(page.getByTestId('socket-status')).toHaveText('live');

  await context.setOffline(true);
  await expect(page.getByTestId('socket-status')).toHaveText('offline');
  await context.setOffline(false);
  await expect(page.getByTestId('socket-status')).toHaveText('live', { timeout: 15_000 });

  // A turn from another client: only a re-joined room brings it to this page.
  const { result } = (await mutate(page.request, 'actors.invoke', {
    type: 'counter',
    key: 'rivet-1',
    action: 'increment',
    args: { by: 5 },
  })) as { result: number };
  await expect(state).toContainText(`"count": ${result}`);
});
