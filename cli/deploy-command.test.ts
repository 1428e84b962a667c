// `troupe deploy` and `troupe types ...` as real child processes (bin/troupe.mjs) against a live
// server: a TypeScript module with a local import and a package from node_modules is bundled,
// uploaded, served, redeployed, rolled back; refusals exit with the documented codes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTroupe } from '../server/test-support/run-child.ts';
import { serveTroupe, serveTroupeForThisFile } from '../server/test-support/temp-troupe.ts';

const fixture = serveTroupeForThisFile();
const troupe = (...args: string[]) => runTroupe([...args, '--url', fixture.url]);
const errorOf = (stderr: string) => JSON.parse(stderr.trim().split('\n').at(-1)!).error;

let dir: string;
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

/** greeter.ts: TypeScript, a relative import and an npm package, as a user's project has them. */
const greeter = (greeting: string) => {
  file('greeting.ts', `export const GREETING: string = ${JSON.stringify(greeting)};\n`);
  return file(
    'greeter.ts',
    `import { defineActor } from 'troupe';
import { z } from 'zod';
import shout from 'shout';
import { GREETING } from './greeting.ts';

export const greeter = defineActor({
  type: 'greeter',
  state: () => ({ greeted: 0 }),
  actions: {
    greet: {
      input: z.object({ name: z.string() }).strict(),
      handler: (ctx, { name }: { name: string }) => {
        ctx.state.greeted += 1;
        return shout(\`\${GREETING}, \${name}\`) + ' #' + ctx.state.greeted;
      },
    },
  },
});
`,
  );
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'troupe-deploy-cli-'));
  mkdirSync(join(dir, 'node_modules', 'shout'), { recursive: true });
  writeFileSync(
    join(dir, 'node_modules', 'shout', 'package.json'),
    JSON.stringify({ name: 'shout', version: '1.0.0', type: 'module', main: 'index.js' }),
  );
  writeFileSync(
    join(dir, 'node_modules', 'shout', 'index.js'),
    "export default (text) => text.toUpperCase() + '!';\n",
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('troupe deploy', () => {
  it('bundles, deploys, redeploys and rolls back a module; the server serves each version', async () => {
    const first = await troupe('deploy', greeter('hello'), '--table');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toMatch(
      /^deployed greeter v1 \(sha256 [0-9a-f]{12}\) — drained 0 activations$/,
    );
    const invoke = (name: string) =>
      troupe('actors', 'invoke', 'greeter', 'g1', 'greet', JSON.stringify({ name }));
    expect(JSON.parse((await invoke('ada')).stdout).result).toBe('HELLO, ADA! #1');

    const second = await troupe('deploy', greeter('goodbye'));
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ type: 'greeter', version: 2, drained: 1 });
    // The new code, the state kept.
    expect(JSON.parse((await invoke('bob')).stdout).result).toBe('GOODBYE, BOB! #2');

    const history = await troupe('types', 'history', 'greeter', '--table');
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/^VERSION\s+DEPLOYED\s+SHA256\s+FILE\s+ROLLBACK OF\n2 \*\s+.*greeter\.ts/);

    const rollback = await troupe('types', 'rollback', 'greeter', '1', '--table');
    expect(rollback.code).toBe(0);
    expect(rollback.stdout.trim()).toMatch(
      /^deployed greeter v3 \(sha256 [0-9a-f]{12}\) .*, the code of v1$/,
    );
    expect(JSON.parse((await invoke('cy')).stdout).result).toBe('HELLO, CY! #3');

    const list = await troupe('types', 'list');
    const row = JSON.parse(list.stdout).find((t: { type: string }) => t.type === 'greeter');
    expect(row).toMatchObject({ origin: 'deployed', version: 3, file: 'greeter.ts', loadError: null });
  });

  it('refuses with the documented exit codes', async () => {
    const missing = await troupe('deploy', join(dir, 'nope.ts'));
    expect(missing.code).toBe(2);
    expect(errorOf(missing.stderr)).toMatchObject({ code: 'NOT_FOUND' });

    const unbundlable = await troupe('deploy', file('broken.ts', 'export const = ;\n'));
    expect(unbundlable.code).toBe(1);
    expect(errorOf(unbundlable.stderr).message).toMatch(/cannot bundle .*broken\.ts/);

    const throwing = file(
      'throws.ts',
      `import { defineActor } from 'troupe';\nthrow new Error('no config');\nexport const t = defineActor({} as never);\n`,
    );
    const thrown = await troupe('deploy', throwing);
    expect(thrown.code).toBe(1);
    expect(errorOf(thrown.stderr)).toMatchObject({ code: 'BAD_REQUEST' });
    expect(errorOf(thrown.stderr).message).toContain('no config');

    const counter = file(
      'counter.ts',
      `import { defineActor } from 'troupe';\nimport { z } from 'zod';\nexport const c = defineActor({ type: 'counter', state: () => ({}), actions: { get: { input: z.object({}), handler: () => 0 } } });\n`,
    );
    const conflict = await troupe('deploy', counter);
    expect(conflict.code).toBe(3);
    expect(errorOf(conflict.stderr).message).toContain('actors/counter.ts');

    const usage = await troupe('types', 'rollback', 'greeter', 'one');
    expect(usage.code).toBe(1);
  });

  it('sends --token when the server requires one', async () => {
    const guarded = await serveTroupe(fixture.temp.troupe, { token: 'deploy-secret' });
    try {
      const refused = await runTroupe(['deploy', greeter('hi'), '--url', guarded.url]);
      expect(refused.code).toBe(5);
      expect(errorOf(refused.stderr).code).toBe('UNAUTHORIZED');
      const accepted = await runTroupe([
        'deploy',
        greeter('hi'),
        '--url',
        guarded.url,
        '--token',
        'deploy-secret',
      ]);
      expect(accepted.code).toBe(0);
      expect(JSON.parse(accepted.stdout)).toMatchObject({ type: 'greeter' });
    } finally {
      await guarded.stop();
    }
  });
});
