// The served Troupe a fuzz suite runs against (real SQLite file, real HTTP server, in-process so
// prototype pollution and uncaught errors are observable), its fixtures, and the checks that must
// hold after every case. A case that damaged the server marks it dirty: the next case starts on a
// fresh one, so one finding does not fail every later case and fast-check can shrink it.
import { serveTroupe, startTempTroupe, type TempTroupe } from '../../test-support/temp-troupe.ts';
import { sleep } from './clients.ts';
import { jsonRequest, problemWith, type RawResponse, send } from './fuzz-http.ts';
import { guardPrototypes, watchProcessErrors } from './fuzz-process.ts';
import { FIXTURE_PIPELINES, fuzzStore, PROBE_KEY, TIME_PIPELINE } from './fuzz-samples.ts';

/** Actors the samples write client-chosen names into (state, labels); may not exist yet (404). */
const READ_BACK = [
  { type: 'counter', key: 'fuzz-1' },
  { type: 'fuzz-store', key: 'shelf' },
];

/** Closing a server a case wedged must not wedge the suite. */
const CLOSE_DEADLINE_MS = 2_000;

export interface FuzzEnv {
  readonly url: string;
  readonly temp: TempTroupe;
  /** Starts a fresh server if the last case damaged this one, and restores the fixtures. */
  prepare(): Promise<void>;
  /** Everything wrong after a case (crash, pollution, a broken server); marks the env dirty if any. */
  check(): Promise<string[]>;
  /** One call as plain JSON; a call without an answer by the deadline is status 0. */
  call(path: string, input: unknown, query: boolean, deadlineMs?: number): Promise<RawResponse>;
  close(): Promise<void>;
}

export async function startFuzzEnv(): Promise<FuzzEnv> {
  const errors = watchProcessErrors();
  const prototypes = guardPrototypes();
  let temp: TempTroupe;
  let http: Awaited<ReturnType<typeof serveTroupe>>;
  let probeCount = 0;
  let dirty = false;

  const open = async () => {
    temp = await startTempTroupe({ types: [fuzzStore] });
    http = await serveTroupe(temp.troupe);
    probeCount = 0;
  };
  const shut = async () => {
    const closing = (async () => {
      await http.stop();
      await temp.close();
    })().catch(() => {});
    await Promise.race([closing, sleep(CLOSE_DEADLINE_MS)]);
  };
  const call = (path: string, input: unknown, query: boolean, deadlineMs = 10_000) =>
    send(http.url, jsonRequest(path, input, query), deadlineMs).catch(
      (error: Error): RawResponse => ({ status: 0, text: `no answer: ${error.message}` }),
    );

  /** A typed answer with a result, or what is wrong with it. */
  const expectResult = async (path: string, input: unknown, query: boolean) => {
    const response = await call(path, input, query);
    const problem = problemWith(response);
    if (problem) return { problem: `${path} after the case: ${problem}`, dead: response.status === 0 };
    const body = JSON.parse(response.text) as { result?: { data?: { json?: unknown } }; error?: unknown };
    if (!body.result) return { problem: `${path} after the case: ${response.text.slice(0, 300)}` };
    return { data: body.result.data?.json };
  };

  /** Every page of an unfiltered listing. */
  const listAll = async (): Promise<string | null> => {
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const listed = await expectResult('actors.list', { limit: 500, ...(cursor ? { cursor } : {}) }, true);
      if (listed.problem) return listed.problem;
      cursor = (listed.data as { nextCursor: string | null }).nextCursor;
      if (!cursor) return null;
    }
    return 'actors.list after the case: more than 100 pages';
  };

  const serverProblems = async (): Promise<string[]> => {
    const problems: string[] = [];
    const health = await expectResult('system.health', undefined, true);
    // A server that no longer answers fails every other check too, each after its deadline.
    if (health.dead) return [health.problem];
    if (health.problem) problems.push(health.problem);
    else if ((health.data as { ok?: boolean }).ok !== true)
      problems.push(`system.health after the case: ${JSON.stringify(health.data)}`);
    const probe = await expectResult(
      'actors.invoke',
      { type: 'counter', key: PROBE_KEY, action: 'increment', args: { by: 1 } },
      false,
    );
    if (probe.problem) problems.push(probe.problem);
    else if ((probe.data as { result?: unknown }).result !== probeCount + 1)
      problems.push(
        `counter increment after the case: ${JSON.stringify(probe.data)}, wanted ${probeCount + 1}`,
      );
    else probeCount++;
    const listed = await listAll();
    if (listed) problems.push(listed);
    // The actors the samples write to can still be read back, whatever names the case stored.
    for (const address of READ_BACK) {
      const response = await call('actors.get', address, true);
      const problem = problemWith(response);
      if (problem) problems.push(`actors.get ${address.type}/${address.key} after the case: ${problem}`);
    }
    const pipelines = await expectResult('pipelines.list', undefined, true);
    if (pipelines.problem) problems.push(pipelines.problem);
    // What the case created can be deleted again (and later cases run beside two pipelines only).
    for (const { id } of (pipelines.data ?? []) as { id: string }[]) {
      if (Object.hasOwn(FIXTURE_PIPELINES, id)) continue;
      const deleted = await expectResult('pipelines.delete', { id }, false);
      if (deleted.problem) problems.push(deleted.problem);
    }
    // Closes the time windows the case opened: a bad window key shows up here at the latest.
    const flushed = await expectResult('pipelines.flush', { id: TIME_PIPELINE }, false);
    if (flushed.problem) problems.push(flushed.problem);
    return problems;
  };

  await open();
  return {
    get url() {
      return http.url;
    },
    get temp() {
      return temp;
    },
    async prepare() {
      if (dirty) {
        await shut();
        await open();
        dirty = false;
      }
      const { pipelines } = temp.troupe;
      for (const pipeline of pipelines.all()) pipelines.stopSimulation(pipeline.id);
      for (const [id, spec] of Object.entries(FIXTURE_PIPELINES)) {
        const fixture = pipelines.find(id);
        if (!fixture) await pipelines.create(spec);
        else if (fixture.status !== 'running') await pipelines.setStatus(id, 'running');
      }
    },
    async check() {
      // Errors thrown from timers and rejected promises surface a moment after the answer.
      await sleep(1);
      const problems = [
        ...errors.take().map((e) => `process: ${e.slice(0, 600)}`),
        ...prototypes.check().map((change) => `prototype pollution: ${change}`),
      ];
      problems.push(...(await serverProblems()));
      problems.push(...errors.take().map((e) => `process: ${e.slice(0, 600)}`));
      problems.push(...prototypes.check().map((change) => `prototype pollution: ${change}`));
      if (problems.length > 0) dirty = true;
      return problems;
    },
    call,
    async close() {
      await shut();
      errors.stop();
    },
  };
}
