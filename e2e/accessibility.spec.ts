// axe-core on every page of the dashboard, once its live data is in: any serious or critical
// violation (WCAG 2.x A/AA rules and axe's best practices: contrast, names, landmarks...) fails.
// Every violation found, of any impact, is attached to the report and printed, so a figure of
// "how many" exists for each page.
// @see https://playwright.dev/docs/accessibility-testing
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { mutate } from './trpc.ts';

// The missing pages answer 404: the browser logs that, and it is expected here.
test.use({ allowedConsoleErrors: /status of 404/ });

interface PageCase {
  name: string;
  path: string | (() => string);
  /** What must be on screen before the scan: the page's own content, not a loading state. */
  ready: (page: Page) => Promise<void>;
}

const live = async (page: Page) => expect(page.getByTestId('socket-status')).toHaveText('live');

const PAGES: PageCase[] = [
  {
    name: 'overview',
    path: '/',
    ready: async (page) => {
      await live(page);
      await expect(page.getByTestId('health-status')).toHaveText('ok');
      await expect(page.getByTestId('lifecycle-row').first()).toBeVisible();
    },
  },
  {
    name: 'actors list',
    path: '/actors',
    ready: async (page) => {
      await live(page);
      await expect(page.getByTestId('actor-row').first()).toBeVisible();
    },
  },
  {
    name: 'actor page',
    path: '/actors/counter/a11y-1',
    ready: async (page) => {
      await live(page);
      await expect(page.getByTestId('actor-state')).toContainText('"count"');
    },
  },
  {
    name: 'types',
    path: '/types',
    ready: async (page) => {
      await live(page);
      await expect(page.getByRole('heading', { level: 1, name: 'Types' })).toBeVisible();
      await expect(page.getByText('counter').first()).toBeVisible();
    },
  },
  {
    name: 'type history',
    path: () => `/types/${deployedType}`,
    ready: async (page) => {
      await live(page);
      await expect(page.getByRole('heading', { level: 1 })).toContainText(deployedType);
      await expect(page.getByTestId('type-active-version')).toHaveText('serving v2');
    },
  },
  {
    name: 'pipelines list',
    path: '/pipelines',
    ready: async (page) => {
      await live(page);
      await expect(page.locator('[data-testid="pipeline-row"][data-id="sensor-demo"]')).toBeVisible();
    },
  },
  {
    name: 'pipeline page',
    path: '/pipelines/sensor-demo',
    ready: async (page) => {
      await live(page);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('sensor-demo');
    },
  },
  {
    name: 'not found',
    path: '/no-such-page',
    ready: async (page) => {
      await expect(page.getByTestId('page-not-found')).toBeVisible();
    },
  },
];

/** A type deployed twice in beforeAll, so its history page lists versions. */
let deployedType = '';

const greeter = (type: string, greeting: string) => `
import { defineActor } from 'troupe';
import { z } from 'zod';
export const greeter = defineActor({
  type: ${JSON.stringify(type)},
  state: () => ({ greeted: 0 }),
  actions: {
    greet: {
      input: z.object({ name: z.string() }),
      handler: (ctx, { name }) => ${JSON.stringify(greeting)} + ', ' + name,
    },
  },
});
`;

test.beforeAll(async ({ request }) => {
  // Something in every list and feed: a counter that activated and took a turn.
  await mutate(request, 'actors.invoke', {
    type: 'counter',
    key: 'a11y-1',
    action: 'increment',
    args: { by: 3 },
  });
  deployedType = `a11y-greeter-${Date.now()}`;
  for (const greeting of ['Hello', 'Hi']) {
    await mutate(request, 'types.deploy', {
      fileName: 'greeter.ts',
      source: greeter(deployedType, greeting),
    });
  }
});

for (const target of PAGES) {
  test(`${target.name} has no serious or critical axe violations`, async ({ page }, testInfo) => {
    await page.goto(typeof target.path === 'string' ? target.path : target.path());
    await target.ready(page);
    const results = await new AxeBuilder({ page }).analyze();
    await report(testInfo, target, results.violations);
    const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(blocking.map(describe), 'serious or critical axe violations').toEqual([]);
  });
}

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

function describe(violation: Violation): string {
  const targets = violation.nodes.slice(0, 5).map((n) => n.target.join(' '));
  return `${violation.impact} ${violation.id} (${violation.nodes.length}): ${targets.join(' | ')}`;
}

async function report(testInfo: TestInfo, target: PageCase, violations: Violation[]) {
  const nodes = violations.reduce((sum, v) => sum + v.nodes.length, 0);
  console.log(
    `axe ${target.name}: ${violations.length} rules violated, ${nodes} elements${
      violations.length ? `\n  ${violations.map(describe).join('\n  ')}` : ''
    }`,
  );
  await testInfo.attach(`axe-${target.name}`, {
    body: JSON.stringify(violations, null, 2),
    contentType: 'application/json',
  });
}
