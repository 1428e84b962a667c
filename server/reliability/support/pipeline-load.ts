// Pipeline workload with a ledger. Each publisher owns a few sensors and publishes their events in
// batches of one sensor each, one batch at a time (so each sensor's events arrive in order), each
// with a batchId (exactly-once publish). An answered batch is acknowledged: every stage committed
// it. A batch rejected with TOO_MANY_REQUESTS was rejected whole and is sent again. Any other
// failure leaves the batch in doubt (it may be partly applied) until it is retried with the same
// batchId after the restart, which must apply it exactly once.
import { type RefPipeline, type Row, referencePipeline } from '../../pipelines/testing/reference.ts';
import { classify, codeOf, type Failure, sleep, type TroupeRpc } from './clients.ts';
import type { Rng } from './rng.ts';

export interface SensorEvent {
  sensorId: string;
  value: number;
  ts: number;
}

export interface InDoubtBatch {
  batchId: string;
  events: SensorEvent[];
}

export interface SensorLedger {
  /** Events of acknowledged batches, in publish order. */
  acked: SensorEvent[];
  /** The batch in flight when the server went away (maybe partly applied), until it is retried. */
  inDoubt: InDoubtBatch[];
}

export interface PipelineLedger {
  sensors: Map<string, SensorLedger>;
  batchesAcked: number;
  /** Batches that ended in doubt (retried later with their batchId). */
  batchesInDoubt: number;
  rejectedRetried: number;
  /** Why batches ended in doubt. */
  failures: Failure[];
}

export const newPipelineLedger = (): PipelineLedger => ({
  sensors: new Map(),
  batchesAcked: 0,
  batchesInDoubt: 0,
  rejectedRetried: 0,
  failures: [],
});

export interface PublishLoadOptions {
  client: TroupeRpc;
  pipelineId: string;
  /** Prefix of the batch ids (unique per run). */
  prefix: string;
  publishers: number;
  sensorsPerPublisher: number;
  eventsPerBatch: number;
  rng: Rng;
  ledger: PipelineLedger;
  stopped: () => boolean;
  /** Publish at most this many batches per publisher (unbounded by default). */
  maxBatches?: number;
  /** Publish only for these sensors (resuming after a restart); all of the publisher's otherwise. */
  onlySensors?: Set<string>;
}

const sensorId = (publisher: number, index: number) => `p${publisher}-s${index}`;

export async function runPublishLoad(options: PublishLoadOptions): Promise<void> {
  const { client, pipelineId, rng, ledger } = options;
  const publisher = async (p: number) => {
    let sensors = Array.from({ length: options.sensorsPerPublisher }, (_, i) => sensorId(p, i));
    if (options.onlySensors) sensors = sensors.filter((s) => options.onlySensors!.has(s));
    if (sensors.length === 0) return;
    for (const s of sensors) if (!ledger.sensors.has(s)) ledger.sensors.set(s, { acked: [], inDoubt: [] });
    const lastTs = new Map(sensors.map((s) => [s, ledger.sensors.get(s)!.acked.at(-1)?.ts ?? 0]));
    for (let batch = 0; !options.stopped() && batch < (options.maxBatches ?? Infinity); batch++) {
      // One sensor per batch, round robin: a batch in doubt taints only that sensor.
      const id = sensors[batch % sensors.length]!;
      const events: SensorEvent[] = Array.from({ length: options.eventsPerBatch }, () => {
        const ts = lastTs.get(id)! + 1 + Math.floor(rng() * 10);
        lastTs.set(id, ts);
        // Values spread around the filter threshold (50), with two decimals, as sensors send them.
        return { sensorId: id, value: Math.round(rng() * 10_000) / 100, ts };
      });
      const batchId = `${options.prefix}-${p}-${batch}`;
      const sensor = ledger.sensors.get(id)!;
      const failure = await publishBatch(client, pipelineId, batchId, events, ledger, options.stopped);
      if (!failure) {
        sensor.acked.push(...events);
        continue;
      }
      sensor.inDoubt.push({ batchId, events });
      ledger.batchesInDoubt++;
      ledger.failures.push(failure);
      return;
    }
  };
  await Promise.all(Array.from({ length: options.publishers }, (_, p) => publisher(p)));
}

/** Publishes one batch, sending it again while it is rejected whole (TOO_MANY_REQUESTS). */
async function publishBatch(
  client: TroupeRpc,
  pipelineId: string,
  batchId: string,
  events: SensorEvent[],
  ledger: PipelineLedger,
  stopped: () => boolean = () => false,
): Promise<Failure | null> {
  for (;;) {
    try {
      await client.pipelines.publish.mutate(
        { id: pipelineId, events, batchId },
        { signal: AbortSignal.timeout(30_000) },
      );
      ledger.batchesAcked++;
      return null;
    } catch (error) {
      if (codeOf(error) !== 'TOO_MANY_REQUESTS' || stopped()) return classify(error);
      ledger.rejectedRetried++;
      await sleep(5);
    }
  }
}

/**
 * After a restart: publishes every batch left in doubt again, with its batchId, before anything
 * else for its sensor. Exactly-once publish must apply each at most once more (none twice).
 */
export async function retryInDoubt(client: TroupeRpc, pipelineId: string, ledger: PipelineLedger) {
  let retried = 0;
  await Promise.all(
    [...ledger.sensors.values()].map(async (sensor) => {
      for (const batch of sensor.inDoubt.splice(0)) {
        const failure = await publishBatch(client, pipelineId, batch.batchId, batch.events, ledger);
        if (failure) throw new Error(`retry of ${batch.batchId} failed: ${failure.message}`);
        sensor.acked.push(...batch.events);
        retried++;
      }
    }),
  );
  return retried;
}

export async function readResults(client: TroupeRpc, id: string): Promise<Row[]> {
  const outputs: Row[] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await client.pipelines.results.query({ id, afterSeq, limit: 1000 });
    outputs.push(...page.items.map((i) => i.output as Row));
    if (page.items.length === 0) return outputs;
    afterSeq = page.nextSeq;
  }
}

export function groupBySensor(rows: Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const group = groups.get(row.sensorId);
    if (group) group.push(row);
    else groups.set(row.sensorId, [row]);
  }
  return groups;
}

export interface PipelineCheck {
  /** Events of acknowledged batches. */
  ackedEvents: number;
  /** Sensors whose every batch was acknowledged: their outputs must equal the reference exactly. */
  cleanSensors: number;
  /** Sensors with a batch in doubt: their outputs must lie between the reference without and with it. */
  inDoubtSensors: number;
  /** Clean sensors whose outputs differ from the reference (must be 0). */
  mismatched: number;
  /** Over clean sensors: outputs the reference has and the pipeline lacks (lost), and the reverse (duplicated). */
  missingOutputs: number;
  extraOutputs: number;
  /** In-doubt sensors whose outputs are not between the two bounds (must be 0). */
  inconsistent: number;
  outputs: number;
  details: string[];
}

/** Compares the pipeline's outputs, per sensor, with the reference over the ledger's events. */
export function checkPipeline(spec: RefPipeline, ledger: PipelineLedger, rows: Row[]): PipelineCheck {
  const actual = groupBySensor(rows);
  const check: PipelineCheck = {
    ackedEvents: 0,
    cleanSensors: 0,
    inDoubtSensors: 0,
    mismatched: 0,
    missingOutputs: 0,
    extraOutputs: 0,
    inconsistent: 0,
    outputs: rows.length,
    details: [],
  };
  for (const [sensor, entry] of ledger.sensors) {
    check.ackedEvents += entry.acked.length;
    const got = actual.get(sensor) ?? [];
    const without = referencePipeline(spec, entry.acked);
    if (entry.inDoubt.length === 0) {
      check.cleanSensors++;
      check.missingOutputs += Math.max(0, without.length - got.length);
      check.extraOutputs += Math.max(0, got.length - without.length);
      if (!sameRows(got, without)) {
        check.mismatched++;
        check.details.push(`${sensor}: expected ${without.length} outputs, got ${got.length}`);
      }
    } else {
      check.inDoubtSensors++;
      const withIt = referencePipeline(spec, [...entry.acked, ...entry.inDoubt.flatMap((b) => b.events)]);
      const ok = isPrefix(without, got) && isPrefix(got, withIt);
      if (!ok) {
        check.inconsistent++;
        check.details.push(
          `${sensor} (in doubt): ${got.length} outputs, bounds ${without.length}..${withIt.length}`,
        );
      }
    }
  }
  for (const sensor of actual.keys()) {
    if (!ledger.sensors.has(sensor)) check.details.push(`unexpected outputs for ${sensor}`);
  }
  return check;
}

/** Rows compared by value, whatever the order of their fields. */
const canonical = (row: Row) => JSON.stringify(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1)));

function sameRows(a: Row[], b: Row[]): boolean {
  return a.length === b.length && isPrefix(a, b);
}

function isPrefix(prefix: Row[], of: Row[]): boolean {
  if (prefix.length > of.length) return false;
  return prefix.every((row, i) => canonical(row) === canonical(of[i]!));
}
