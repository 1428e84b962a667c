// Screenshots of the dashboard for the docs: 1280x800, saved under docs/screenshots/<name>.png and
// attached to the test report.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page, TestInfo } from '@playwright/test';

const DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

export const SCREEN = { width: 1280, height: 800 };

export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.setViewportSize(SCREEN);
  await page.evaluate(() => window.scrollTo(0, 0));
  mkdirSync(DIR, { recursive: true });
  const path = `${DIR}${name}.png`;
  await page.screenshot({ path, animations: 'disabled' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
