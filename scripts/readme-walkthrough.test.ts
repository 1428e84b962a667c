// README.md's "Your first actor in two minutes", run literally: the fences marked `file=`, `run=` and
// `output=` are extracted from the README as written. greeter.ts is saved into a fresh actors folder
// (TROUPE_ACTORS_DIR), a real server process starts on a free port and a fresh SQLite file, and the
// CLI command and the SDK program run through a shell as a reader would type them; their output must
// be what the README shows. The dashboard step is covered by what its page reads and sends.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTroupeClient } from '../client/index.ts';
import { type ChildTroupe, startChildTroupe, stopChild } from '../server/reliability/support/child-troupe.ts';
import { REPO_ROOT, runProcess } from '../server/test-support/run-child.ts';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** Fenced blocks whose info string carries a marker, e.g. ```ts file=greet.ts, by marker. */
function markedBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of markdown.matchAll(/^```\w+ ((?:file|run|output)=\S+)\n([\s\S]*?)^```$/gm)) {
    const [, marker, body] = match;
    if (blocks.has(marker!)) throw new Error(`README.md has two blocks marked ${marker}`);
    blocks.set(marker!, body!);
  }
  return blocks;
}

const blocks = markedBlocks(README);
function block(marker: string): string {
  const body = blocks.get(marker);
  if (body === undefined) throw new Error(`README.md has no code block marked ${marker}`);
  return body;
}

/** A command line through sh, as typed at a terminal (quotes and all). */
const runShell = (command: string, cwd: string, env: Record<string, string>) =>
  runProcess('sh', ['-c', command], { cwd, env, timeoutMs: 60_000 });

describe('README quick start', () => {
  it('is exactly two commands', () => {
    const section = README.slice(README.indexOf('## Quick start'));
    const commands = /```bash\n([\s\S]*?)```/
      .exec(section)![1]!
      .split('\n')
      .filter((l) => l.trim());
    expect(commands.map((line) => line.split('#')[0]!.trim())).toEqual([
      'npm install && npm start',
      'npm test',
    ]);
  });
});

// The steps run in order on one server, as in the README: each one is the next greeting of greeter/world.
describe('README: your first actor in two minutes', () => {
  // The project folder of the walkthrough: inside this package (data/ is git-ignored) so that
  // `import ... from 'troupe'` resolves exactly as it does for a file saved next to package.json.
  let project: string;
  let server: ChildTroupe | undefined;
  let url: string;

  beforeAll(async () => {
    mkdirSync(join(REPO_ROOT, 'data'), { recursive: true });
    project = mkdtempSync(join(REPO_ROOT, 'data', '.readme-walkthrough-'));
    for (const file of ['actors/greeter.ts', 'greet.ts']) {
      mkdirSync(dirname(join(project, file)), { recursive: true });
      writeFileSync(join(project, file), block(`file=${file}`));
    }
    server = await startChildTroupe({
      dbPath: join(project, 'troupe.db'),
      env: { TROUPE_ACTORS_DIR: join(project, 'actors') },
    });
    url = server.url;
  }, 60_000);

  afterAll(async () => {
    await stopChild(server);
    rmSync(project, { recursive: true, force: true });
  });

  it('registers greeter from the folder; the dashboard invoke form has its `name` field', async () => {
    const client = createTroupeClient(url);
    const types = await client.actors.types.query();
    const greeter = types.find((t) => t.type === 'greeter');
    expect(greeter?.actions.map((a) => a.name)).toEqual(['greet']);
    expect(greeter?.actions[0]?.input).toMatchObject({ properties: { name: { type: 'string' } } });
    // What the page's "Invoke greet" button sends with `Ada` typed into name.
    const reply = await client.actors.invoke.mutate({
      type: 'greeter',
      key: 'world',
      action: 'greet',
      args: { name: 'Ada' },
      mode: 'ask',
    });
    expect(reply).toEqual({ result: 'Hello, Ada! I am world and this is greeting #1.', version: 1 });
  });

  it('the CLI command answers what the README shows', async () => {
    const run = await runShell(block('run=cli').trim(), project, { TROUPE_URL: url });
    expect(run.code, run.stderr).toBe(0);
    // Not a terminal here, so the CLI prints the whole reply as JSON; the README shows its result.
    const reply = JSON.parse(run.stdout);
    expect(reply).toEqual({ result: JSON.parse(block('output=cli')), version: 2 });
  }, 60_000);

  it('the SDK program prints what the README shows', async () => {
    const run = await runShell(block('run=sdk').trim(), project, { TROUPE_URL: url });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(block('output=sdk'));
  }, 60_000);
});
