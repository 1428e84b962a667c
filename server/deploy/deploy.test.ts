// types.deploy/history/rollback/list against a real server on a real SQLite file: what a deploy
// accepts and refuses, and that the stored history is what serves after a restart.
import { describe, expect, test } from 'vitest';
import { codeOf, servedTroupePerTest } from '../test-support/served-troupe.ts';
import { createTroupeClient, serveTroupe, startTempTroupe } from '../test-support/temp-troupe.ts';
import { MAX_DEPLOY_BYTES } from './link-bundle.ts';
import {
  foreignImportModule,
  refusingModule,
  tallyModule,
  throwingModule,
  twoTypesModule,
} from './testing/modules.ts';

const served = servedTroupePerTest();
const deploy = (source: string, fileName = 'tally.ts') =>
  served.client.types.deploy.mutate({ fileName, source });
const tally = (key: string) => served.client.actor('tally', key);

describe('types.deploy', () => {
  test('a new type serves at once: invoked, listed as deployed v1 with its source hash', async () => {
    const result = await deploy(tallyModule(1));
    expect(result).toMatchObject({ type: 'tally', version: 1, drained: 0 });
    expect(result.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await tally('a').ask('add', {})).toBe(1);
    expect(await tally('a').ask('add', {})).toBe(2);

    const listed = (await served.client.types.list.query()).find((t) => t.type === 'tally');
    expect(listed).toMatchObject({
      origin: 'deployed',
      file: 'tally.ts',
      version: 1,
      sourceHash: result.sourceHash,
      actions: ['add', 'get', 'step'],
      loadError: null,
    });
    expect(listed?.facets).toContain('durable');
    expect(listed?.deployedAt).toBeGreaterThan(Date.now() - 60_000);
  });

  test("a deployed handler's ActorError reaches the caller typed (one ActorError class)", async () => {
    await deploy(refusingModule, 'gate.ts');
    const error = (await served.client
      .actor('gate', 'g')
      .ask('enter', {})
      .catch((e: unknown) => e)) as Error;
    expect(codeOf(error)).toBe('PRECONDITION_FAILED');
    expect(error.message).toBe('closed');
  });

  test('a module that throws at load is refused with its error, and the previous version keeps serving', async () => {
    await deploy(tallyModule(1));
    await tally('a').ask('add', {});
    const error = await deploy(throwingModule).catch((e) => e);
    expect(codeOf(error)).toBe('BAD_REQUEST');
    expect(error.message).toContain('the config file is missing');
    expect(error.message).toContain('tally.ts');
    expect(await tally('a').ask('add', {})).toBe(2);
    const history = await served.client.types.history.query({ type: 'tally' });
    expect(history.versions.map((v) => v.version)).toEqual([1]);
  });

  test('a bare import of another package is refused; node builtins are fine', async () => {
    const error = await deploy(foreignImportModule, 'padded.ts').catch((e) => e);
    expect(codeOf(error)).toBe('BAD_REQUEST');
    expect(error.message).toContain('"left-pad"');
    expect(error.message).toContain('deployed modules may import only troupe, zod and node builtins');
    const withBuiltin = `import { createHash } from 'node:crypto';\n${tallyModule(1).replace(
      'const STEP = 1;',
      "const STEP = createHash('sha256').update('x').digest().length;",
    )}`;
    await deploy(withBuiltin);
    expect(await tally('b').ask('step', {})).toBe(32);
  });

  test('a module must export exactly one actor type; syntax errors name the file', async () => {
    expect((await deploy(twoTypesModule, 'two.ts').catch((e) => e)).message).toMatch(
      /two\.ts: .*exactly one actor definition.*"first", "second"/,
    );
    expect((await deploy('export const x = 1;', 'none.ts').catch((e) => e)).message).toMatch(/found none/);
    const syntax = await deploy('export const = ;', 'broken.js').catch((e) => e);
    expect(codeOf(syntax)).toBe('BAD_REQUEST');
    expect(syntax.message).toMatch(/^broken\.js: .*line 1/);
  });

  test('deploying over a type of the actors/ folder is refused, naming its file', async () => {
    const folderType = (await served.client.types.list.query()).find((t) => t.origin === 'folder');
    expect(folderType).toBeDefined();
    const error = await deploy(tallyModule(1, folderType!.type), 'mine.ts').catch((e) => e);
    expect(codeOf(error)).toBe('CONFLICT');
    expect(error.message).toContain(String(folderType!.file));
  });

  test('a module over the size limit is PAYLOAD_TOO_LARGE; unknown fields are refused', async () => {
    const padding = `// ${'x'.repeat(MAX_DEPLOY_BYTES)}\n`;
    expect(codeOf(await deploy(padding + tallyModule(1)).catch((e) => e))).toBe('PAYLOAD_TOO_LARGE');
    const extra = { fileName: 'a.ts', source: tallyModule(1), force: true } as never;
    expect(codeOf(await served.client.types.deploy.mutate(extra).catch((e) => e))).toBe('BAD_REQUEST');
  });
});

describe('types.history and types.rollback', () => {
  test('rollback appends a version with the old code; after a restart the rolled-back code serves', async () => {
    await deploy(tallyModule(1));
    await deploy(tallyModule(10));
    expect(await tally('a').ask('add', {})).toBe(10);
    const rolledBack = await served.client.types.rollback.mutate({ type: 'tally', version: 1 });
    expect(rolledBack).toMatchObject({ type: 'tally', version: 3 });
    expect(await tally('a').ask('add', {})).toBe(11);

    const { versions } = await served.client.types.history.query({ type: 'tally' });
    expect(versions.map((v) => [v.version, v.rolledBackFrom, v.active])).toEqual([
      [3, 1, true],
      [2, null, false],
      [1, null, false],
    ]);
    expect(versions[0]!.sourceHash).toBe(versions[2]!.sourceHash);

    await served.restart();
    expect(await tally('a').ask('step', {})).toBe(1);
    expect(await tally('a').ask('add', {})).toBe(12);
    const listed = (await served.client.types.list.query()).find((t) => t.type === 'tally');
    expect(listed).toMatchObject({ origin: 'deployed', version: 3 });
  });

  test('history and rollback of unknown types or versions are NOT_FOUND', async () => {
    expect(codeOf(await served.client.types.history.query({ type: 'nope' }).catch((e) => e))).toBe(
      'NOT_FOUND',
    );
    await deploy(tallyModule(1));
    const missing = await served.client.types.rollback.mutate({ type: 'tally', version: 7 }).catch((e) => e);
    expect(codeOf(missing)).toBe('NOT_FOUND');
  });

  test('a stored version that fails to load at start is skipped and reported; the server starts', async () => {
    // Top-level code that reads its environment: fine when deployed, broken after a restart without it.
    const fragile = tallyModule(1).replace(
      'const STEP = 1;',
      "if (process.env.TALLY_BROKEN) throw new Error('TALLY_BROKEN is set'); const STEP = 1;",
    );
    await deploy(fragile);
    await deploy(refusingModule, 'gate.ts');
    process.env.TALLY_BROKEN = '1';
    try {
      await served.restart();
    } finally {
      delete process.env.TALLY_BROKEN;
    }
    const types = await served.client.types.list.query();
    expect(types.find((t) => t.type === 'tally')).toMatchObject({
      origin: 'deployed',
      version: 1,
      loadError: expect.stringContaining('TALLY_BROKEN is set'),
    });
    expect(types.find((t) => t.type === 'gate')).toMatchObject({ version: 1, loadError: null });
    expect(
      codeOf(
        await tally('a')
          .ask('get', {})
          .catch((e) => e),
      ),
    ).toBe('NOT_FOUND');
    const { versions } = await served.client.types.history.query({ type: 'tally' });
    expect(versions[0]!.active).toBe(false);

    // A new deploy (here: the same code again, now that the environment is fixed) serves it again.
    expect(await deploy(fragile)).toMatchObject({ version: 2 });
    expect(await tally('a').ask('add', {})).toBe(1);
    expect((await served.client.types.list.query()).find((t) => t.type === 'tally')?.loadError).toBeNull();
  });
});

test('types.* require the token when one is set', async () => {
  const temp = await startTempTroupe();
  const http = await serveTroupe(temp.troupe, { token: 'sesame' });
  try {
    const anonymous = createTroupeClient(http.url);
    const input = { fileName: 'tally.ts', source: tallyModule(1) };
    expect(codeOf(await anonymous.types.deploy.mutate(input).catch((e) => e))).toBe('UNAUTHORIZED');
    expect(codeOf(await anonymous.types.list.query().catch((e) => e))).toBe('UNAUTHORIZED');
    expect(codeOf(await anonymous.types.history.query({ type: 'tally' }).catch((e) => e))).toBe(
      'UNAUTHORIZED',
    );
    expect(temp.troupe.runtime.registry.find('tally')).toBeUndefined();
    const operator = createTroupeClient({ url: http.url, token: 'sesame' });
    expect(await operator.types.deploy.mutate(input)).toMatchObject({ version: 1 });
  } finally {
    await http.stop();
    await temp.close();
  }
});
