// Token mode (TROUPE_TOKEN): a server of its own, started here with a token. The dashboard says why
// it is offline and offers the sign-in; signed in it is live, says so and offers sign-out; signing
// out brings the reason and the form back.
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { expect, test } from './fixtures.ts';

const PORT = Number(process.env.E2E_TOKEN_PORT ?? 3102);
const BASE = `http://127.0.0.1:${PORT}`;
const TOKEN = 'e2e-token-mode-secret';
const DB = 'data/e2e-token.db';

let server: ChildProcess | undefined;
let exited: Promise<number | null> | undefined;

// Refused calls and handshakes before the sign-in show up in the browser console as 401s.
test.use({ allowedConsoleErrors: /status of 401|UNAUTHORIZED|WebSocket|socket\.io/ });

test.beforeAll(async () => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${DB}${suffix}`, { force: true });
  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      HOST: '127.0.0.1',
      PORT: String(PORT),
      DATABASE_URL: `file:./${DB}`,
      TROUPE_TOKEN: TOKEN,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  exited = new Promise((resolve) => server!.once('exit', resolve));
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`${BASE}/api/trpc/system.health`)).status;
        } catch {
          return 0;
        }
      },
      { timeout: 60_000, intervals: [250] },
    )
    .toBe(200);
});

test.afterAll(async () => {
  server?.kill('SIGTERM');
  expect(await exited).toBe(0);
});

test('token mode: why offline, sign in, live with sign-out, sign out', async ({ page }) => {
  await page.goto(`${BASE}/`);
  const banner = page.getByTestId('offline-banner');
  await expect(banner).toHaveAttribute('data-reason', 'token');
  await expect(banner).toContainText('this server requires its access token');
  await expect(banner).toContainText('TROUPE_TOKEN');
  await expect(page.getByTestId('socket-status')).toHaveText('offline');
  await expect(page.locator('.status-pill')).toHaveAttribute('title', /requires its access token/);
  await expect(page.getByTestId('session-state')).toHaveText('token required');

  await page.getByTestId('sign-in-token').fill('not-the-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(banner.getByRole('alert')).toHaveText('That token is not valid.');

  await page.getByTestId('sign-in-token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('socket-status')).toHaveText('live');
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('session-state')).toHaveAttribute('data-signed-in', 'true');
  // The control plane answers now: the Overview's history and tiles load.
  await expect(page.getByTestId('tile-pipelines-value')).toHaveText(/^\d+$/);

  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('offline-banner')).toHaveAttribute('data-reason', 'token');
  await expect(page.getByTestId('socket-status')).toHaveText('offline');
  await expect(page.getByTestId('sign-out')).toHaveCount(0);
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
});
