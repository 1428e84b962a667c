'use client';
// Runtime rates and turn latency over the last five minutes: the server's one-second samples, the
// history loaded with the page and continued by its live pushes (use-overview-metrics.ts).
import { useMemo } from 'react';
import type { TMetricsTick } from '@/server/realtime/events.ts';
import { formatCount, formatMs } from '../_lib/format.ts';
import { HISTORY_WINDOW_MS } from '../_lib/overview-history.ts';
import { StaleBadge, useLiveState } from './stale-badge.tsx';
import { type TChartSeries, TimeChart } from './time-chart.tsx';

interface ChartSpec {
  id: string;
  title: string;
  format: (value: number | null) => string;
  /** Y axis tick labels: short (the unit is in the headline). */
  axis: (value: number) => string;
  series: (TChartSeries & { pick: (t: TMetricsTick) => number | null })[];
}

const perSecond = (value: number | null) => (value == null ? '—' : `${formatCount(value)}/s`);
const plain = (value: number | null) => formatCount(value);
const count = (value: number) => formatCount(value);
const milliseconds = (value: number) =>
  value < 10 ? String(Math.round(value * 100) / 100) : formatCount(value);

// Series colours are lines on a dark canvas (non-text, 3:1 is enough); all are at least 4.5:1 anyway.
const CHARTS: ChartSpec[] = [
  {
    id: 'turns',
    title: 'Turns',
    format: perSecond,
    axis: count,
    series: [
      { label: 'turns/s', color: '#6d8cff', pick: (t) => t.turnsPerSec },
      { label: 'failed/s', color: '#f06e6e', pick: (t) => t.failedTurnsPerSec },
    ],
  },
  {
    id: 'latency',
    title: 'Turn latency (ms)',
    format: (value) => formatMs(value),
    axis: milliseconds,
    series: [
      { label: 'p50', color: '#3ecf8e', pick: (t) => t.turnP50Ms },
      { label: 'p95', color: '#e8b45a', pick: (t) => t.turnP95Ms },
      { label: 'p99', color: '#f06e6e', pick: (t) => t.turnP99Ms },
    ],
  },
  {
    id: 'activations',
    title: 'Activations · deactivations',
    format: perSecond,
    axis: count,
    series: [
      { label: 'activations/s', color: '#3ecf8e', pick: (t) => t.activationsPerSec },
      { label: 'deactivations/s', color: '#e8b45a', pick: (t) => t.deactivationsPerSec },
    ],
  },
  {
    id: 'resident',
    title: 'Resident activations',
    format: plain,
    axis: count,
    series: [{ label: 'resident', color: '#b48cff', pick: (t) => t.residentActivations }],
  },
  {
    id: 'mailbox',
    title: 'Mailbox depth',
    format: plain,
    axis: count,
    series: [{ label: 'queued', color: '#4fc3d9', pick: (t) => t.mailboxDepth }],
  },
  {
    id: 'pipeline-events',
    title: 'Pipeline events',
    format: perSecond,
    axis: count,
    series: [{ label: 'events/s', color: '#e07bb5', pick: (t) => t.pipelineEventsPerSec }],
  },
];

export function MetricsCharts({ ticks }: { ticks: TMetricsTick[] }) {
  const { stale } = useLiveState();
  const last = ticks.at(-1);
  return (
    <section aria-labelledby="overview-charts-title" data-stale={stale || undefined}>
      <div className="section-head">
        <h2 className="section-title" id="overview-charts-title">
          Runtime · last 5 minutes
        </h2>
        <StaleBadge />
      </div>
      <div className="chart-grid" data-testid="metrics-charts">
        {CHARTS.map((chart) => (
          <MetricChart key={chart.id} chart={chart} ticks={ticks} last={last} />
        ))}
      </div>
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
  // The newest value of the first series; for latency the newest second that had turns.
  const headline = useMemo(() => {
    const pick = chart.series[0]!.pick;
    for (let i = ticks.length - 1; i >= 0; i--) {
      const value = pick(ticks[i]!);
      if (value != null) return value;
    }
    return null;
  }, [ticks, chart]);
  return (
    <div className="card chart-card" data-testid={`chart-${chart.id}`}>
      <header className="chart-card-header">
        <h3>{chart.title}</h3>
        <span className="chart-value mono" data-testid={`metric-${chart.id}`}>
          {last ? chart.format(headline) : '—'}
        </span>
      </header>
      <TimeChart
        data={data}
        series={chart.series}
        height={96}
        formatY={chart.axis}
        windowS={HISTORY_WINDOW_MS / 1000}
        zeroBased
      />
    </div>
  );
}
