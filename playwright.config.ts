// End-to-end tests against the production server (`npm run build` first; `npm test` does).
// The server gets its own port and a fresh SQLite file per run, so a dev server and its data are untouched.
// @see https://playwright.dev/docs/test-configuration
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const CI = !!process.env.CI;
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const DB_FILE = 'data/e2e-playwright.db';

// Playwright cannot download its browsers on machines without internet; Debian's Chromium works there.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const systemChromium = existsSync(chromiumPath)
  ? {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    }
  : {};

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: BASE_URL,
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: systemChromium,
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions: systemChromium } }],
  webServer: {
    // Deleting the database here (not at the top of this file, which every worker re-runs) makes each run fresh.
    command: `mkdir -p data && rm -f ${DB_FILE} ${DB_FILE}-wal ${DB_FILE}-shm && npx tsx server/main.ts`,
    url: `${BASE_URL}/api/trpc/system.health`,
    env: {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      HOST: '127.0.0.1',
      PORT: String(PORT),
      DATABASE_URL: `file:./${DB_FILE}`,
    },
    reuseExistingServer: !CI,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
