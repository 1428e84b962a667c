// The actor's turn rate and latency in the stat strip: counted while it is resident (the rate falls
// to 0 once no turn ran for two buckets, or when it leaves memory); for an actor not in memory, the
// latency of its journaled turns.
import { Stat } from '../../../../_components/stat.tsx';
import { formatMs, formatRate } from '../../../../_lib/format.ts';
import type { TActorDetail } from '../../../../_lib/router-types.ts';

/** The server's rate bucket (RATE_BUCKET_MS): two of them without a turn and the rate is 0. */
const QUIET_MS = 10_000;

interface TurnStatsProps {
  stats: TActorDetail['turnStats'];
  status: TActorDetail['status'];
  now: number;
}

export function TurnStats({ stats, status, now }: TurnStatsProps) {
  const resident = status === 'active' || status === 'deactivating';
  const quiet = !stats?.lastTurnAt || now - stats.lastTurnAt > QUIET_MS;
  const rate = stats && stats.source === 'live' && resident && !quiet ? stats.turnsPerSec : 0;
  const over =
    stats?.source === 'live'
      ? `last ${stats.samples} turns (${stats.turns} since activation, ${stats.failed} failed)`
      : `last ${stats?.samples ?? 0} journaled turns`;
  return (
    <>
      <Stat label="turns/s" value={stats || resident ? formatRate(rate) : '—'} testId="actor-turn-rate" />
      <Stat
        label="latency p50 · p99"
        value={
          <span title={stats ? over : undefined}>
            {stats ? `${formatMs(stats.p50Ms)} · ${formatMs(stats.p99Ms)}` : '—'}
          </span>
        }
        testId="actor-turn-latency"
      />
    </>
  );
}
