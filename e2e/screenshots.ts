// Screenshots of the dashboard for the docs: 1280x800 (or the size given), attached to the test report, and written to
// docs/screenshots/<name>.png only by `npm run screenshots` (TROUPE_SCREENSHOTS=1), so `npm test`
// never rewrites tracked files.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, TestInfo } from '@playwright/test';

const DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

export const SCREEN = { width: 1280, height: 800 };

/** The two reference widths: a wide desktop and the narrowest layout that keeps columns. */
export const WIDE = { width: 1440, height: 900 };
export const NARROW = { width: 1024, height: 768 };

export async function saveScreenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  size: { width: number; height: number } = SCREEN,
): Promise<void> {
  await page.setViewportSize(size);
  await page.evaluate(() => window.scrollTo(0, 0));
  const forDocs = process.env.TROUPE_SCREENSHOTS === '1';
  const dir = forDocs ? DIR : testInfo.outputDir;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
