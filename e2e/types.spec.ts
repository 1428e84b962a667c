// The Types page: every actor type with its origin, facets and actions; a type deployed to the
// running server (through `types.deploy`, as `troupe deploy` does) with its version, source hash
// and deploy history, and a rollback from that history that the next message runs.
import { expect, test } from './fixtures.ts';
import { SCREEN, saveScreenshot } from './screenshots.ts';
import { mutate } from './trpc.ts';

test.use({
  viewport: SCREEN,
  // The greeter's actor page opens before its first message: `actors.get` answers 404 until then.
  allowedConsoleErrors: /status of 404/,
});

/** An ESM module as `troupe deploy` uploads it: 'troupe' and 'zod' left as imports. */
function greeterSource(type: string, greeting: string): string {
  return `
import { defineActor, virtual } from 'troupe';
import { z } from 'zod';
// No durable facet: an ephemeral type, state in memory only.
export const greeter = defineActor({
  type: ${JSON.stringify(type)},
  facets: [virtual({ idleTimeoutMs: 60000 })],
  state: () => ({ greeted: 0 }),
  actions: {
    greet: {
      input: z.object({ name: z.string().min(1) }).strict(),
      handler: (ctx, { name }) => {
        ctx.state.greeted += 1;
        return ${JSON.stringify(greeting)} + ', ' + name;
      },
    },
  },
});
`;
}

test('types: the actors/ folder examples, a deployed type, its history and a rollback', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  await page.getByTestId('nav-types').click();
  await expect(page).toHaveURL(/\/types$/);
  await expect(page.getByTestId('nav-types')).toHaveAttribute('aria-current', 'page');

  const row = (type: string) => page.locator(`[data-testid="type-row"][data-type="${type}"]`);
  for (const type of ['counter', 'reminder', 'chat-room', 'bank-account', 'heartbeat', 'presence']) {
    await expect(row(type)).toHaveAttribute('data-origin', 'folder');
    // Folder types are not versioned uploads: no link to a deploy history.
    await expect(row(type).getByTestId('type-link')).toHaveCount(0);
  }
  await expect(row('counter').getByTestId('type-actions')).toContainText('increment');
  await expect(row('reminder').getByTestId('type-actions')).toHaveText(/remind.*fired/);
  // A custom facet is listed beside the built-in ones; a type without `durable` is marked ephemeral.
  await expect(row('bank-account').getByTestId('type-facet')).toContainText(['journal', 'audit']);
  await expect(row('counter').getByTestId('type-facet-note')).toHaveCount(0);
  await expect(row('presence').getByTestId('type-facet-note')).toHaveText(['ephemeral']);
  await expect(row('pipeline-op')).toHaveAttribute('data-origin', 'internal');

  // Deploy a type to the running server, then a second version of it.
  const type = `e2e-greeter-${Date.now()}`;
  const v1 = (await mutate(page.request, 'types.deploy', {
    fileName: 'greeter.ts',
    source: greeterSource(type, 'hello'),
  })) as { version: number; sourceHash: string };
  expect(v1.version).toBe(1);
  const v2 = (await mutate(page.request, 'types.deploy', {
    fileName: 'greeter.ts',
    source: greeterSource(type, 'welcome'),
  })) as { version: number; sourceHash: string };
  expect(v2.version).toBe(2);
  expect(v2.sourceHash).not.toBe(v1.sourceHash);

  // No reload: the server pushes `types:changed` and the open page reads the list again.
  const deployed = row(type);
  await expect(deployed).toHaveAttribute('data-origin', 'deployed');
  await expect(deployed.getByTestId('type-version')).toHaveText('v2');
  await expect(deployed.getByTestId('type-hash')).toHaveAttribute('data-hash', v2.sourceHash);
  await expect(deployed.getByTestId('type-hash')).toHaveText(v2.sourceHash.slice(0, 12));
  await expect(deployed.getByTestId('type-facet-note')).toHaveText(['ephemeral']);
  await expect(deployed.getByTestId('type-actions')).toHaveText('greet');
  await saveScreenshot(page, testInfo, 'types');

  // Its history: v2 serves; roll back to v1 (a confirmation first).
  await deployed.getByTestId('type-link').click();
  await expect(page).toHaveURL(new RegExp(`/types/${type}$`));
  await expect(page.getByTestId('type-title')).toHaveText(type);
  const version = (n: number) => page.locator(`[data-testid="version-row"][data-version="${n}"]`);
  await expect(page.getByTestId('version-row')).toHaveCount(2);
  await expect(version(2)).toHaveAttribute('data-active', 'true');
  await expect(version(1)).toHaveAttribute('data-active', 'false');
  await expect(version(2).getByTestId('rollback-2')).toHaveCount(0);
  await expect(page.getByTestId('type-active-version')).toHaveText('serving v2');

  await version(1).getByTestId('rollback-1').click();
  const dialog = page.getByTestId('rollback-dialog-1');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Roll ${type} back to v1?`);
  await page.getByTestId('rollback-dialog-1-confirm').click();
  await expect(dialog).toBeHidden();

  // A rollback is a new version copying v1's bundle.
  await expect(page.getByTestId('version-row')).toHaveCount(3);
  await expect(version(3)).toHaveAttribute('data-active', 'true');
  await expect(version(3).getByTestId('version-rolled-back-from')).toHaveText('v1');
  await expect(version(3).getByTestId('version-hash')).toHaveAttribute('data-hash', v1.sourceHash);
  await expect(page.getByTestId('type-active-version')).toHaveText('serving v3');
  await saveScreenshot(page, testInfo, 'type-history');

  // The next message runs v1's code; the actor page says the type keeps its state in memory.
  await page.goto(`/actors/${type}/ada`);
  await expect(page.getByTestId('actor-ephemeral')).toHaveText('ephemeral (in memory)');
  await page.getByTestId('arg-name').fill('Ada');
  await page.getByTestId('invoke-submit').click();
  await expect(page.getByTestId('invoke-result')).toHaveText('"hello, Ada"');

  // Back on the list, the deployed row shows v3 with v1's hash.
  await page.getByTestId('nav-types').click();
  await expect(row(type).getByTestId('type-version')).toHaveText('v3');
  await expect(row(type).getByTestId('type-hash')).toHaveAttribute('data-hash', v1.sourceHash);
});
