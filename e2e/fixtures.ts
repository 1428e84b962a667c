// Shared `test` for every spec: fails a test whose page logs a console error or throws an uncaught error.
// A spec that expects some errors allows them: `test.use({ allowedConsoleErrors: /status of 409/ })`.
// (One RegExp, or a list wrapped once more: Playwright reads `[a, b]` in test.use as [value, options].)
import { test as base, expect } from '@playwright/test';

export interface TroupeFixtures {
  /** Console errors and uncaught page errors seen so far in this test. */
  consoleErrors: string[];
}

export interface TroupeOptions {
  allowedConsoleErrors: RegExp | RegExp[];
}

export const test = base.extend<TroupeOptions & TroupeFixtures>({
  allowedConsoleErrors: [[], { option: true }],
  consoleErrors: [
    async ({ page, allowedConsoleErrors }, use) => {
      const errors: string[] = [];
      const allowed = [allowedConsoleErrors].flat();
      const record = (text: string) => {
        if (!allowed.some((pattern) => pattern.test(text))) errors.push(text);
      };
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const { url, lineNumber } = message.location();
        record(url ? `${message.text()} (${url}:${lineNumber})` : message.text());
      });
      page.on('pageerror', (error) => record(`uncaught: ${error.message}`));
      await use(errors);
      expect(errors, 'the page logged console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
