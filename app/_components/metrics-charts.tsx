'use client';
// Runtime rates over the last five minutes, from the server's once-a-second `metrics:tick` push.
// The history lives in the React Query cache, so leaving the Overview and coming back keeps it.
import { useMemo } from 'react';
import type { TMetricsTick } from '@/server/realtime/events.ts';
import { formatCount } from '../_lib/format.ts';
import { useSocketEvent, useSubscription } from '../_lib/socket.tsx';
import { useLiveStore } from '../_lib/use-live-store.ts';
import { type TChartSeries, TimeChart } from './time-chart.tsx';

const HISTORY_MS = 5 * 60_000;
const TICKS_KEY = ['live', 'metrics-ticks'] as const;
const NO_TICKS: TMetricsTick[] = [];

interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  series: (TChartSeries & { pick: (t: TMetricsTick) => number })[];
}

const CHARTS: ChartSpec[] = [
  {
    id: 'turns',
    title: 'Turns',
    unit: '/s',
    series: [
      { label: 'turns/s', color: '#6d8cff', pick: (t) => t.turnsPerSec },
      { label: 'failed/s', color: '#f06e6e', pick: (t) => t.failedTurnsPerSec },
    ],
  },
  {
    id: 'activations',
    title: 'Activations · deactivations',
    unit: '/s',
    series: [
      { label: 'activations/s', color: '#3ecf8e', pick: (t) => t.activationsPerSec },
      { label: 'deactivations/s', color: '#e8b45a', pick: (t) => t.deactivationsPerSec },
    ],
  },
  {
    id: 'resident',
    title: 'Resident activations',
    unit: '',
    series: [{ label: 'resident', color: '#b48cff', pick: (t) => t.residentActivations }],
  },
  {
    id: 'mailbox',
    title: 'Mailbox depth',
    unit: '',
    series: [{ label: 'queued', color: '#4fc3d9', pick: (t) => t.mailboxDepth }],
  },
  {
    id: 'commit',
    title: 'Commit batch size',
    unit: '',
    series: [{ label: 'writes/batch', color: '#e07bb5', pick: (t) => t.commitBatchSize }],
  },
];

export function MetricsCharts() {
  useSubscription({ topic: 'overview' });
  const [ticks, updateTicks] = useLiveStore(TICKS_KEY, NO_TICKS);
  useSocketEvent('metrics:tick', (tick) => {
    updateTicks((old) => {
      const from = tick.at - HISTORY_MS;
      const start = old.findIndex((t) => t.at >= from);
      return [...(start < 0 ? [] : old.slice(start)), tick];
    });
  });
  const last = ticks.at(-1);

  return (
    <section className="chart-grid" aria-label="Runtime metrics" data-testid="metrics-charts">
      {CHARTS.map((chart) => (
        <MetricChart key={chart.id} chart={chart} ticks={ticks} last={last} />
      ))}
    </section>
  );
}

function MetricChart({
  chart,
  ticks,
  last,
}: {
  chart: ChartSpec;
  ticks: TMetricsTick[];
  last?: TMetricsTick;
}) {
  const data = useMemo(
    () => [ticks.map((t) => t.at / 1000), ...chart.series.map((s) => ticks.map(s.pick))],
    [ticks, chart],
  );
  const headline = last ? chart.series[0]!.pick(last) : null;
  return (
    <div className="card chart-card" data-testid={`chart-${chart.id}`}>
      <header className="chart-card-header">
        <h2>{chart.title}</h2>
        <span className="chart-value mono" data-testid={`metric-${chart.id}`}>
          {headline == null ? '—' : `${formatCount(headline)}${chart.unit}`}
        </span>
      </header>
      <TimeChart
        data={data}
        series={chart.series}
        height={96}
        formatY={formatCount}
        windowS={HISTORY_MS / 1000}
        zeroBased
      />
    </div>
  );
}
