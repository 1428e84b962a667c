// server/demo.ts seeds one actor of each example type beside the counter and the sensor pipeline,
// and seeding again (a restart with TROUPE_DEMO on) adds nothing twice and undoes nothing a user did.
import { afterEach, expect, it } from 'vitest';
import { seedDemo } from '../demo.ts';
import type { TempTroupe } from '../test-support/temp-troupe.ts';
import { startExampleTroupe } from './example-troupe.ts';

let temp: TempTroupe | undefined;
afterEach(async () => {
  await temp?.close();
  temp = undefined;
});

async function snapshot(t: TempTroupe) {
  const get = (type: string) => t.troupe.runtime.get(type, type === 'chat-room' ? 'lobby' : 'demo');
  return {
    pending: await get('reminder').ask<{ message: string }[]>('pending'),
    chat: await get('chat-room').ask<{ user: string }[]>('history', { limit: 200 }),
    balance: await get('bank-account').askWithVersion('balance'),
    heartbeat: await get('heartbeat').ask<{ cron: string | null }>('beats'),
    counter: t.troupe.runtime.describe('counter', 'rivet-1')?.labels,
    pipeline: t.troupe.pipelines.find('sensor-demo')?.status,
  };
}

it('seeds each example once, idempotently across restarts, and leaves what users changed alone', async () => {
  temp = await startExampleTroupe();
  await seedDemo(temp.troupe);
  const first = await snapshot(temp);
  expect(first).toMatchObject({
    pending: [{ message: expect.stringContaining('reminder') }],
    chat: [{ user: 'ada' }, { user: 'grace' }],
    balance: { result: 100, version: 1 }, // the deposit; the refused withdraw committed nothing
    heartbeat: { cron: '* * * * *' },
    counter: { demo: 'true' },
    pipeline: 'running',
  });
  expect(temp.troupe.runtime.describe('bank-account', 'demo')?.labels).toEqual({ demo: 'true' });

  await seedDemo(temp.troupe);
  await temp.restart();
  await seedDemo(temp.troupe);
  const again = await snapshot(temp);
  expect({ ...again, counter: first.counter }).toEqual(first);

  // What a user did with the demo actors survives the next seeding.
  const rt = temp.troupe.runtime;
  await rt.get('heartbeat', 'demo').ask('stop'); // before its first beat: no beats recorded yet
  await rt.get('bank-account', 'demo').ask('withdraw', { amount: 100 });
  await temp.restart();
  await seedDemo(temp.troupe);
  const after = await snapshot(temp);
  expect(after.heartbeat).toMatchObject({ cron: null });
  expect(after.balance).toEqual({ result: 0, version: 2 });
  expect(after.chat).toHaveLength(2);
});
