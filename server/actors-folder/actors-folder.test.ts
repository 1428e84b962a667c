// The actors/ folder as users meet it: modules anywhere on disk (inside the project or not) that
// import from 'troupe' and 'zod'; a broken one fails the start naming the file; the dev watcher
// swaps a changed module in place and keeps the previous code serving when the edit is broken.
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startChildTroupe } from '../reliability/support/child-troupe.ts';
import { REPO_ROOT, runNode } from '../test-support/run-child.ts';
import { createTroupeClient, startTempTroupe, type TempTroupe } from '../test-support/temp-troupe.ts';
import { watchActorsFolder } from './watch-actors-folder.ts';

const greeter = (greeting: string, type = 'greeter') => `
import { defineActor } from 'troupe';
import { z } from 'zod';

export const greeter = defineActor({
  type: '${type}',
  state: () => ({ greeted: 0 }),
  actions: {
    greet: {
      input: z.object({ name: z.string() }),
      handler: (ctx, { name }) => {
        ctx.state.greeted += 1;
        return \`${greeting}, \${name} (#\${ctx.state.greeted})\`;
      },
    },
  },
});
`;

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/**
 * A fresh actors folder. In-process tests keep it inside the project (data/, ignored by git):
 * vitest imports modules through its own runner, where the server's resolve hook for folders
 * outside the project does not apply; real server processes test those (`outside`).
 */
function actorsFolder(files: Record<string, string>, outside = false): string {
  mkdirSync(join(REPO_ROOT, 'data'), { recursive: true });
  const dir = mkdtempSync(
    outside ? join(tmpdir(), 'troupe-actors-') : join(REPO_ROOT, 'data', 'actors-test-'),
  );
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function troupeOn(actorsDir: string): Promise<TempTroupe> {
  const temp = await startTempTroupe({ actorsDir });
  cleanup.push(() => temp.close());
  return temp;
}

describe('the actors folder', () => {
  it('registers every defineActor export of every module', async () => {
    const dir = actorsFolder({
      'greeter.ts': greeter('Hello'),
      'helpers.ts': 'export const shout = (s: string) => s.toUpperCase();\n',
      'greeter.test.ts': 'throw new Error("tests are not actor modules");\n',
      'notes.md': 'not a module',
    });
    const { troupe } = await troupeOn(dir);
    expect(troupe.runtime.registry.all().flatMap((d) => (d.internal ? [] : [d.type]))).toEqual(['greeter']);
    expect(troupe.folderFiles.get('greeter')).toMatch(/greeter\.ts$/);
    expect(await troupe.runtime.get('greeter', 'ada').ask('greet', { name: 'Ada' })).toBe('Hello, Ada (#1)');
  });

  it.each([
    ['throws at import', { 'boom.ts': 'throw new Error("kaboom");\n' }, /boom\.ts failed to load: kaboom/],
    ['has a syntax error', { 'typo.ts': 'export const x = {;\n' }, /typo\.ts failed to load/],
    [
      'defines an invalid schema',
      {
        'bad.ts': `import { defineActor } from 'troupe';
export const bad = defineActor({ type: 'bad', state: () => ({}), actions: { a: { input: { parse() {} }, handler: () => 1 } } });\n`,
      },
      /bad\.ts failed to load: action "a" of "bad" needs a zod input schema/,
    ],
    [
      'exports a definition made without defineActor',
      { 'raw.ts': `export const raw = { type: 'raw', actions: {} };\n` },
      /raw\.ts: export "raw" looks like an actor type but was not made with defineActor/,
    ],
    [
      'repeats a type of another module',
      { 'a.ts': greeter('Hi'), 'b.ts': greeter('Yo') },
      /actor type "greeter" is defined twice: .*a\.ts \(greeter\) and .*b\.ts \(greeter\)/,
    ],
  ])('fails the start, naming the file, when a module %s', async (_case, files, message) => {
    const dir = actorsFolder(files);
    await expect(startTempTroupe({ actorsDir: dir })).rejects.toThrow(message);
  });

  it('a server process loads a folder outside the project: its modules resolve troupe and zod from the server', async () => {
    const dir = actorsFolder({ 'greeter.ts': greeter('Hello') }, true);
    const server = await startChildTroupe({
      dbPath: join(dir, 'troupe.db'),
      env: { TROUPE_ACTORS_DIR: dir },
    });
    cleanup.push(async () => {
      server.kill('SIGKILL');
      await server.exited;
    });
    const client = createTroupeClient(server.url);
    expect(await client.actor('greeter', 'ada').ask('greet', { name: 'Ada' })).toBe('Hello, Ada (#1)');
    // zod is the server's own: a bad argument is a typed BAD_REQUEST naming the field.
    await expect(client.actor('greeter', 'ada').ask('greet', { name: 7 })).rejects.toMatchObject({
      data: { code: 'BAD_REQUEST' },
      message: expect.stringMatching(/name/),
    });
  });

  it('a folder outside the project keeps its own CommonJS dependencies CommonJS', async () => {
    const dir = actorsFolder(
      {
        'shouter.ts': greeter('Hello', 'shouter')
          .replace("import { z } from 'zod';", "import { z } from 'zod';\nimport dep from 'cjs-dep';")
          .replace('return `', 'return dep.shout(`')
          .replace('`;', '`);'),
      },
      true,
    );
    mkdirSync(join(dir, 'node_modules', 'cjs-dep'), { recursive: true });
    writeFileSync(
      join(dir, 'node_modules', 'cjs-dep', 'package.json'),
      '{"name":"cjs-dep","main":"index.js"}',
    );
    writeFileSync(
      join(dir, 'node_modules', 'cjs-dep', 'index.js'),
      'module.exports = { shout: (s) => s.toUpperCase() };',
    );
    const script = `
      import { loadActorsFolder } from './server/actors-folder/load-actors-folder.ts';
      const [shouter] = await loadActorsFolder(${JSON.stringify(dir)});
      console.log(shouter.definition.actions.greet.handler({ state: { greeted: 0 } }, { name: 'Ada' }));`;
    const result = await runNode(['--import', 'tsx', '--input-type=module', '-e', script], {
      timeoutMs: 30_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('HELLO, ADA (#1)');
  });

  it('the server process exits 1 with the module named in its log', async () => {
    const dir = actorsFolder({ 'boom.ts': 'throw new Error("kaboom");\n' }, true);
    const data = mkdtempSync(join(tmpdir(), 'troupe-db-'));
    cleanup.push(() => rmSync(data, { recursive: true, force: true }));
    const result = await runNode(['--import', 'tsx', 'server/main.ts'], {
      env: {
        TROUPE_ACTORS_DIR: dir,
        DATABASE_URL: `file:${join(data, 'troupe.db')}`,
        TROUPE_DASHBOARD: '0',
        PORT: '0',
        LOG_LEVEL: 'info',
      },
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(
      /Troupe failed to start: .*boom\.ts failed to load: kaboom/,
    );
  });
});

describe('dev reload (watchActorsFolder)', () => {
  it('swaps a changed module in place: state kept, next message runs the new code; a broken edit keeps the old', async () => {
    const dir = actorsFolder({ 'greeter.ts': greeter('Hello') });
    const { troupe } = await troupeOn(dir);
    const logged: string[] = [];
    const logger = {
      info: (_c: Record<string, unknown>, m: string) => void logged.push(m),
      error: (c: Record<string, unknown>, m: string) => void logged.push(`${m}: ${String(c.err ?? c.owner)}`),
    };
    const watch = watchActorsFolder({
      dir,
      runtime: troupe.runtime,
      folderFiles: troupe.folderFiles,
      logger,
      writeTypes: false,
    });
    watch.close(); // reloads come from this test only (see watched())
    const ref = troupe.runtime.get('greeter', 'ada');
    expect(await ref.ask('greet', { name: 'Ada' })).toBe('Hello, Ada (#1)');

    writeFileSync(join(dir, 'greeter.ts'), greeter('Bonjour'));
    await watch.reload(join(dir, 'greeter.ts'));
    expect(await ref.ask('greet', { name: 'Ada' })).toBe('Bonjour, Ada (#2)');
    expect(logged).toContain('reloaded actor type "greeter"');

    writeFileSync(join(dir, 'greeter.ts'), 'export const broken = ;\n');
    await watch.reload(join(dir, 'greeter.ts'));
    expect(logged.at(-1)).toMatch(
      /not reloaded; the previous code keeps serving.*greeter\.ts failed to load/,
    );
    expect(await ref.ask('greet', { name: 'Ada' })).toBe('Bonjour, Ada (#3)');

    writeFileSync(
      join(dir, 'second.ts'),
      greeter('Hey', 'greeter-two').replace('const greeter', 'const two'),
    );
    await watch.reload(join(dir, 'second.ts'));
    expect(await troupe.runtime.get('greeter-two', 'x').ask('greet', { name: 'X' })).toBe('Hey, X (#1)');

    writeFileSync(join(dir, 'copy.ts'), greeter('Stolen'));
    await watch.reload(join(dir, 'copy.ts'));
    expect(logged.at(-1)).toMatch(/type "greeter" is already defined by .*greeter\.ts/);
    expect(await ref.ask('greet', { name: 'Ada' })).toBe('Bonjour, Ada (#4)');
  });

  /** A troupe on `dir` and its watcher (reloaded by hand only), logging `message: cause` lines. */
  async function watched(dir: string) {
    const { troupe } = await troupeOn(dir);
    const logged: string[] = [];
    const watch = watchActorsFolder({
      dir,
      runtime: troupe.runtime,
      folderFiles: troupe.folderFiles,
      logger: {
        info: (_c, m) => void logged.push(m),
        error: (c, m) => void logged.push(`${m}: ${String(c.err ?? c.owner ?? '')}`),
      },
      writeTypes: false,
    });
    // The test drives every reload itself (reload() still works once the watcher is closed):
    // fs.watch's own debounced reloads would race with its file operations, e.g. import hello.ts
    // just as the test deletes it, whenever a busy machine delays the test past the debounce.
    watch.close();
    return { troupe, watch, logged };
  }

  it('a type moved to another file follows it, whichever file is saved first', async () => {
    for (const order of ['new file first', 'old file first']) {
      const dir = actorsFolder({ 'a.ts': greeter('Hello') });
      const { troupe, watch } = await watched(dir);
      const ref = troupe.runtime.get('greeter', 'ada');
      expect(await ref.ask('greet', { name: 'Ada' })).toBe('Hello, Ada (#1)');
      const saveB = async () => {
        writeFileSync(join(dir, 'b.ts'), greeter('Moved'));
        await watch.reload(join(dir, 'b.ts'));
      };
      const saveA = async () => {
        writeFileSync(join(dir, 'a.ts'), 'export const nothingHere = 1;\n');
        await watch.reload(join(dir, 'a.ts'));
      };
      if (order === 'new file first') {
        await saveB(); // refused while a.ts still defines it...
        await saveA(); // ...and taken up once a.ts lets go
      } else {
        await saveA();
        await saveB();
      }
      expect(await ref.ask('greet', { name: 'Ada' }), order).toBe('Moved, Ada (#2)');
      expect(troupe.folderFiles.get('greeter'), order).toMatch(/b\.ts$/);
    }
  });

  it('a renamed or deleted module lets go of its types', async () => {
    const dir = actorsFolder({ 'greeter.ts': greeter('Hello') });
    const { troupe, watch, logged } = await watched(dir);
    renameSync(join(dir, 'greeter.ts'), join(dir, 'hello.ts'));
    await watch.reload(join(dir, 'hello.ts')); // fs.watch reports both names, in either order
    await watch.reload(join(dir, 'greeter.ts'));
    expect(troupe.folderFiles.get('greeter')).toMatch(/hello\.ts$/);
    writeFileSync(join(dir, 'hello.ts'), greeter('Hi'));
    await watch.reload(join(dir, 'hello.ts'));
    expect(await troupe.runtime.get('greeter', 'x').ask('greet', { name: 'X' })).toBe('Hi, X (#1)');

    unlinkSync(join(dir, 'hello.ts'));
    await watch.reload(join(dir, 'hello.ts'));
    expect(troupe.folderFiles.has('greeter')).toBe(false); // no file defines it (it keeps serving)
    expect(logged.filter((m) => /not reloaded/.test(m))).toEqual([]);
    writeFileSync(join(dir, 'again.ts'), greeter('Again'));
    await watch.reload(join(dir, 'again.ts'));
    expect(await troupe.runtime.get('greeter', 'x').ask('greet', { name: 'X' })).toBe('Again, X (#2)');
  });

  it('refuses a module that names a type the folder does not own (built in), as a start would', async () => {
    const dir = actorsFolder({ 'greeter.ts': greeter('Hello') });
    const { troupe, watch, logged } = await watched(dir);
    const before = troupe.runtime.registry.find('pipeline-op');
    expect(before?.internal).toBe(true);
    writeFileSync(join(dir, 'sneaky.ts'), greeter('Gotcha', 'pipeline-op'));
    await watch.reload(join(dir, 'sneaky.ts'));
    expect(troupe.runtime.registry.find('pipeline-op')).toBe(before);
    expect(logged.at(-1)).toMatch(/type "pipeline-op" is already registered/);
    await expect(startTempTroupe({ actorsDir: dir })).rejects.toThrow(/pipeline-op/);
  });

  it('notices a saved file on its own (fs.watch, debounced)', async () => {
    const dir = actorsFolder({ 'greeter.ts': greeter('Hello') });
    const { troupe } = await troupeOn(dir);
    const reloaded: string[] = [];
    const watch = watchActorsFolder({
      dir,
      runtime: troupe.runtime,
      folderFiles: troupe.folderFiles,
      logger: { info: (_c, m) => void reloaded.push(m), error: (_c, m) => void reloaded.push(m) },
      writeTypes: false,
    });
    cleanup.push(() => watch.close());
    await new Promise((resolve) => setTimeout(resolve, 200)); // the watcher read the folder
    writeFileSync(join(dir, 'greeter.ts'), greeter('Salut'));
    await expect
      .poll(() => troupe.runtime.get('greeter', 'z').ask('greet', { name: 'Z' }), { timeout: 5_000 })
      .toMatch(/^Salut, Z/);
    expect(reloaded).toContain('reloaded actor type "greeter"');
  });
});
