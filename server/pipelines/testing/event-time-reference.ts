// Reference model of the event-time pipeline semantics of docs/concepts.md ("Records and named
// fields", "Time, watermarks and windows"): a plain, single-threaded function over a list of steps.
// It is written from that text alone, not from the engine, so a property test comparing the two
// catches bugs in either. Readability beats speed: every step follows the spec literally.
//
// Where the text leaves a choice, this model reads it as follows (the engine may differ; then the
// spec decides, or says more):
//  1. Side-stream records: `operator` is the operator's index in the spec (0-based); `key` is the
//     operator's key (`'*'` under keyBy null), for map errors too; `record` is the record as it
//     reached the operator (map errors: the input, before the map) or, for a window whose sum/avg
//     overflowed, the output it would have emitted without the non-finite numbers ("never emitted
//     as null"; the reason names them).
//  2. A window output is `{ sensorId: key, ts, windowStart, windowEnd, count, ...fns }` (`count`
//     always, as before), plus `revision` / `partial` when they apply. It keeps none of the fields of
//     its input records ("records keep every field" is read as map and filter keeping them).
//  3. A record whose addressed field is not a finite number is skipped by a window: it is not
//     counted, does not move the watermark and is never late. It is still a record the key received,
//     so it restarts the key's quiet timer (so does a late record).
//  4. Sessions: intervals are half-open, so [0, 10) and [10, 20) touch but do not overlap and stay
//     two sessions. A merged session's members keep arrival order (float sums in that order).
//     "Fires with the highest count of firings among them": the merged window's firing count is the
//     largest of its parts', so its next firing carries `revision: <that count>` when it is > 0.
//  5. A window whose sum/avg overflowed still counts as fired (revisions keep counting).
//  6. A timeout or flush raises W to `max(W, max(windowEnd of open windows) + allowedLatenessMs)`
//     (never lowers it); a key with no open windows keeps its W. W is kept per key forever, so a
//     record for a window forgotten long ago is late. Closing is idempotent, so how many times an
//     alarm fires does not matter, only that it fires at `lastRecord + timeoutMs`.
//  7. Sliding windows may start before 0 (every `[k·slideMs, k·slideMs + timeMs)` containing ts,
//     k negative included). A record at `ts` counts as received at the clock time it reaches the
//     operator (publish, flush or an upstream timeout).
//  8. Flush emits a partial count window (`partial: true`) only with `emitPartial`; without it the
//     count window keeps waiting, across flushes.
//  9. The value field is `value`, then the upstream reduce's fn or window's first fn; a map's `as`
//     never changes it. An absent `field` and `field: 'value'` both mean the value field, and so
//     does `as: 'value'` (after a window, `as: 'value'` writes the first fn, e.g. `max`).

import {
  type Comparison,
  type EtFilterConfig,
  type EtMapConfig,
  type EtOperator,
  type EtOutput,
  type EtPipeline,
  type EtRow,
  type EtStep,
  GLOBAL_KEY,
} from './event-time-types.ts';
import {
  countWindowStage,
  finiteNumber,
  type SideStreams,
  type Stage,
  timeWindowStage,
} from './event-time-windows.ts';

export interface EtReferenceOptions {
  /** The clock at the first step (the engine tests' ManualClock starts at 1_700_000_000_000). */
  startMs?: number;
}

interface StageSlot {
  stage: Stage;
  timeoutMs: number | undefined;
  /** Per key: when its last record reached this stage, and whether it is still to be closed. */
  quiet: Map<string, { lastMs: number; open: boolean }>;
  /** Keys in first-seen order (a flush closes them all). */
  keys: Set<string>;
}

export function eventTimeReference(
  pipeline: EtPipeline,
  steps: EtStep[],
  options: EtReferenceOptions = {},
): EtOutput {
  const keyBy = pipeline.keyBy === undefined ? 'sensorId' : pipeline.keyBy;
  const keyOf = (row: EtRow): string => (keyBy === null ? GLOBAL_KEY : row.sensorId);
  const output: EtOutput = { results: [], late: [], errors: [] };
  const slots = buildStages(pipeline, output);
  let now = options.startMs ?? 0;

  // Each output of stage i feeds stage i+1 before stage i's next output: per key this is exactly
  // "in order"; across keys the engine may interleave, and the tests compare per key.
  const feed = (from: number, rows: EtRow[]) => {
    for (const row of rows) {
      if (from === slots.length) {
        output.results.push(row);
        continue;
      }
      const slot = slots[from]!;
      const key = keyOf(row);
      slot.keys.add(key);
      slot.quiet.set(key, { lastMs: now, open: true });
      feed(from + 1, slot.stage.push(row, key));
    }
  };
  const close = (index: number, key: string) => {
    const slot = slots[index]!;
    const quiet = slot.quiet.get(key);
    if (quiet) quiet.open = false;
    feed(index + 1, slot.stage.close(key));
  };

  for (const step of steps) {
    switch (step.kind) {
      case 'publish':
        feed(
          0,
          step.events.map((event) => ({ ...event, ts: event.ts ?? now })),
        );
        break;
      case 'quiet':
        close(step.operator, step.key);
        break;
      case 'flush':
        // Stage by stage: what a flush closes upstream still reaches (and can fill) downstream windows.
        for (const [index, slot] of slots.entries()) for (const key of [...slot.keys]) close(index, key);
        break;
      case 'advance': {
        const target = now + step.ms;
        // Timeouts fire in due order; what one emits reaches the next stages at its due time.
        for (let next = nextTimeout(slots, target); next; next = nextTimeout(slots, target)) {
          now = next.dueMs;
          close(next.index, next.key);
        }
        now = target;
        break;
      }
    }
  }
  return output;
}

/** The earliest due timeout at or before `target`; ties go upstream first, then first-seen key. */
function nextTimeout(slots: StageSlot[], target: number) {
  let best: { index: number; key: string; dueMs: number } | undefined;
  for (const [index, slot] of slots.entries()) {
    if (slot.timeoutMs === undefined) continue;
    for (const [key, quiet] of slot.quiet) {
      const dueMs = quiet.lastMs + slot.timeoutMs;
      if (!quiet.open || dueMs > target) continue;
      if (!best || dueMs < best.dueMs) best = { index, key, dueMs };
    }
  }
  return best;
}

function buildStages(pipeline: EtPipeline, output: EtOutput): StageSlot[] {
  const timeOptions = {
    maxOutOfOrderMs: pipeline.eventTime?.maxOutOfOrderMs ?? 0,
    allowedLatenessMs: pipeline.eventTime?.allowedLatenessMs ?? 0,
  };
  const keyBy = pipeline.keyBy === undefined ? 'sensorId' : pipeline.keyBy;
  // The value field changes after each reduce/window, so track it statically.
  let valueField = 'value';
  return pipeline.operators.map((operator, index) => {
    const side: SideStreams = {
      operator: index,
      late: (record) => output.late.push(record),
      error: (record) => output.errors.push(record),
    };
    const stage = buildStage(operator, valueField, side, timeOptions, keyBy);
    if (operator.kind === 'reduce') valueField = operator.config.fn;
    if (operator.kind === 'window') valueField = operator.config.fns[0]!;
    const timeoutMs =
      operator.kind === 'reduce' || operator.kind === 'window' ? operator.config.timeoutMs : undefined;
    return { stage, timeoutMs, quiet: new Map(), keys: new Set<string>() };
  });
}

/** `value`, and an absent field, name the stage's value field (docs/concepts.md). */
function fieldName(name: string | undefined, valueField: string): string {
  return name === undefined || name === 'value' ? valueField : name;
}

function buildStage(
  operator: EtOperator,
  valueField: string,
  side: SideStreams,
  timeOptions: { maxOutOfOrderMs: number; allowedLatenessMs: number },
  keyBy: 'sensorId' | null,
): Stage {
  switch (operator.kind) {
    case 'map':
      return mapStage(operator.config, valueField, side, keyBy);
    case 'filter':
      return filterStage(operator.config, valueField);
    case 'reduce': {
      const { windowSize, fn, field, emitPartial } = operator.config;
      return countWindowStage(side, windowSize, [fn], fieldName(field, valueField), emitPartial ?? false);
    }
    case 'window': {
      const { config } = operator;
      const field = fieldName(config.field, valueField);
      if (config.size !== undefined) {
        return countWindowStage(side, config.size, config.fns, field, config.emitPartial ?? false);
      }
      if (config.timeMs === undefined && config.gapMs === undefined) {
        throw new Error('a window needs size, timeMs or gapMs');
      }
      return timeWindowStage(side, config, field, timeOptions);
    }
  }
}

/** Transforms `field` into `as`; a non-finite result goes to `errors` with the input record. */
function mapStage(
  config: EtMapConfig,
  valueField: string,
  side: SideStreams,
  keyBy: 'sensorId' | null,
): Stage {
  const field = fieldName(config.field, valueField);
  const as = config.as === undefined ? field : fieldName(config.as, valueField);
  const scale = config.scale ?? 1;
  const offset = config.offset ?? 0;
  return {
    push(row) {
      const input = row[field];
      if (!finiteNumber(input)) return [row];
      let v = input;
      if (config.preset === 'c_to_f') v = v * 1.8 + 32;
      if (config.preset === 'f_to_c') v = (v - 32) / 1.8;
      v = v * scale + offset;
      if (config.round !== undefined) {
        const factor = 10 ** config.round;
        v = Math.round(v * factor) / factor;
      }
      if (Number.isFinite(v)) return [{ ...row, [as]: v }];
      const key = keyBy === null ? GLOBAL_KEY : row.sensorId;
      side.error({ operator: side.operator, key, reason: `${as} is not finite`, record: row });
      return [];
    },
    close: () => [],
  };
}

/** Keeps a record whose `field` is a finite number passing the comparison. */
function filterStage(config: EtFilterConfig, valueField: string): Stage {
  const field = fieldName(config.field, valueField);
  return {
    push: (row) => {
      const v = row[field];
      return finiteNumber(v) && compare(v, config.op, config.threshold) ? [row] : [];
    },
    close: () => [],
  };
}

function compare(v: number, op: Comparison, t: number): boolean {
  switch (op) {
    case '>':
      return v > t;
    case '>=':
      return v >= t;
    case '<':
      return v < t;
    case '<=':
      return v <= t;
    case '==':
      return v === t;
    case '!=':
      return v !== t;
  }
}
