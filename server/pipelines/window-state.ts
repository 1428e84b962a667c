// The durable state of an operator partition: per window key (a client's sensor id, or '*'), its
// open windows and what its watermark is made of. Keys are client data: they are read and written
// as own properties only (own-record.ts), and rescaling moves a key's state as one entry.
import { getOwn, setOwn } from './own-record.ts';

/** An open window's aggregate over [start, end). */
export interface WindowAgg {
  n: number;
  sum: number;
  min: number;
  max: number;
  start: number;
  end: number;
  /** How many times it has fired (a later firing carries revision = fired). */
  fired: number;
  /** Changed since it last fired. */
  dirty: boolean;
  /** The sum left the finite range (then `sum` is meaningless; sum and avg go to `errors`). */
  overflow?: true;
}

export interface KeyState {
  /** The largest ts seen (time windows); absent before the first record. */
  maxTs?: number;
  /** A floor under the watermark, raised by timeouts and flushes. */
  floor?: number;
  /** Open and retained time windows (tumbling, sliding, session). */
  windows?: WindowAgg[];
  /** The count window being filled. */
  count?: WindowAgg;
  /** Wall-clock time of the key's last record while it holds something a timeout closes. */
  lastAt?: number;
}

export interface OperatorState {
  keys: Record<string, KeyState>;
  /** When the pending timeout alarm fires, if one is pending. */
  timerAt?: number;
  /** Numbers timeout turns, so a retried one forwards under the same idempotency keys. */
  timeouts?: number;
}

export const emptyOperatorState = (): OperatorState => ({ keys: {} });

export function keyStateOf(state: OperatorState, key: string): KeyState {
  let ks = getOwn(state.keys, key);
  if (!ks) {
    ks = {};
    setOwn(state.keys, key, ks);
  }
  return ks;
}

interface LegacyAgg {
  n: number;
  sum: number;
  min: number;
  max: number;
  start: number;
  end: number;
  index?: number;
}

/**
 * State written before event time (one `windows` record of per-key aggregates, count windows with
 * an inclusive end) becomes per-key state, so an upgrade loses no open window.
 */
export function upgradeState(state: OperatorState & { windows?: Record<string, LegacyAgg> }): OperatorState {
  if (state.keys) return state;
  const keys: Record<string, KeyState> = {};
  for (const [key, agg] of Object.entries(state.windows ?? {})) {
    const { n, sum, min, max, start } = agg;
    const window = { n, sum, min, max, start, fired: 0 };
    setOwn(
      keys,
      key,
      agg.index === undefined
        ? { count: { ...window, end: agg.end + 1, dirty: false } }
        : { windows: [{ ...window, end: agg.end, dirty: true }] },
    );
  }
  return { keys };
}
