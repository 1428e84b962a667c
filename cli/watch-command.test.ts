// `troupe actors watch` as a real child process against a live server: broadcasts stream out as
// JSON lines until --count, an unknown type ends it with exit 2, an unreachable server with exit 6.
import { describe, expect, it } from 'vitest';
import { runTroupe } from '../server/test-support/run-child.ts';
import { serveTroupeForThisFile } from '../server/test-support/temp-troupe.ts';

const fixture = serveTroupeForThisFile();

describe('troupe actors watch', () => {
  it('prints each broadcast as a JSON line and stops after --count', async () => {
    const watching = runTroupe([
      'actors',
      'watch',
      'chat-room',
      'cli-watch',
      '--events',
      'broadcasts',
      '--count',
      '2',
      '--url',
      fixture.url,
    ]);
    const room = fixture.temp.troupe.runtime.get('chat-room', 'cli-watch');
    // Posts until the watcher has subscribed and seen two of them (it subscribes a moment after start).
    let posted = 0;
    const poster = setInterval(() => void room.ask('post', { user: 'ada', text: `hello ${++posted}` }), 100);
    const result = await watching.finally(() => clearInterval(poster));
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatchObject({
        type: 'chat-room',
        key: 'cli-watch',
        kind: 'broadcast',
        event: 'message',
      });
      expect(line.payload).toMatchObject({ user: 'ada', text: expect.stringMatching(/^hello \d+$/) });
    }
    expect(result.stderr).toContain('watching chat-room/cli-watch');
  });

  it('ends with the exit code of why it cannot watch', async () => {
    const unknown = await runTroupe(['actors', 'watch', 'no-such-type', 'k', '--url', fixture.url]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/watch ended: unknown actor type .*no-such-type/);
    const badEvents = await runTroupe([
      'actors',
      'watch',
      'chat-room',
      'k',
      '--events',
      'gossip',
      '--url',
      fixture.url,
    ]);
    expect(badEvents.code).toBe(1);
    const unreachable = await runTroupe(['actors', 'watch', 'chat-room', 'k', '--url', 'http://127.0.0.1:9']);
    expect(unreachable.code).toBe(6);
  });
});
