'use client';
// Window outputs over event time, one small chart per sensor (avg / max / min as the pipeline emits
// them), from the history the pipeline's room keeps (a backlog on joining, then each push). Every
// chart spans the same seconds, so charts line up; sensors page six at a time (or 24), or by name.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { type TChartSeries, TimeChart } from '../../../_components/time-chart.tsx';
import { formatCount } from '../../../_lib/format.ts';
import {
  EMPTY_HISTORY,
  formatValue,
  HISTORY_S,
  outputsKey,
  type TOutputHistory,
} from '../../../_lib/pipeline-outputs.ts';
import { RecentOutputs } from './recent-outputs.tsx';
import { SensorPager } from './sensor-pager.tsx';

const COLORS: Record<string, string> = {
  avg: '#6d8cff',
  max: '#f0a35e',
  min: '#3ecf8e',
  sum: '#b48cff',
  count: '#8b94a8',
  value: '#6d8cff',
};
const FN_ORDER = ['avg', 'max', 'min', 'sum', 'count', 'value'];

const byNaturalOrder = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

/** Per sensor, its values by second; and every second any sensor has (the shared x axis). */
function indexHistory(history: TOutputHistory) {
  const bySensor = new Map<string, Map<number, Record<string, number>>>();
  const seconds = new Set<number>();
  const fnSet = new Set<string>();
  for (const point of history.points) {
    seconds.add(point.t);
    let series = bySensor.get(point.sensor);
    if (!series) {
      series = new Map();
      bySensor.set(point.sensor, series);
    }
    series.set(point.t, point.values);
    for (const fn of Object.keys(point.values)) fnSet.add(fn);
  }
  return {
    bySensor,
    xs: [...seconds].sort((a, b) => a - b),
    sensors: [...bySensor.keys()].sort(byNaturalOrder),
    fns: FN_ORDER.filter((fn) => fnSet.has(fn)),
  };
}

export function WindowCharts({ id, outputs }: { id: string; outputs: number }) {
  const { data: history } = useQuery({
    queryKey: outputsKey(id),
    queryFn: () => EMPTY_HISTORY,
    initialData: EMPTY_HISTORY,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const index = useMemo(() => indexHistory(history), [history]);
  const [shown, setShown] = useState<string[]>([]);

  return (
    <section className="section-gap" aria-labelledby="outputs-title" data-testid="window-charts">
      <div className="section-head">
        <h2 id="outputs-title" className="section-title">
          Window outputs per sensor
        </h2>
        <span className="muted mono" data-testid="window-outputs-total">
          {formatCount(outputs)} outputs
          {history.skipped > 0 ? ` · ${formatCount(history.skipped)} not charted, to keep up` : ''}
        </span>
      </div>
      {index.sensors.length === 0 ? (
        <p className="empty-state empty-compact" data-testid="window-charts-empty">
          No window outputs yet. Start the simulator (or publish events): outputs appear as windows close.
        </p>
      ) : (
        <>
          <SensorPager sensors={index.sensors} onShow={setShown} />
          <div className="chart-grid">
            {shown.map((sensor) => (
              <SensorChart
                key={sensor}
                sensor={sensor}
                fns={index.fns}
                xs={index.xs}
                series={index.bySensor.get(sensor)}
              />
            ))}
          </div>
        </>
      )}
      {history.recent.length > 0 && <RecentOutputs recent={history.recent} />}
    </section>
  );
}

interface SensorChartProps {
  sensor: string;
  fns: string[];
  /** The seconds of every chart: each sensor's values sit on the same axis (null where it has none). */
  xs: number[];
  series: Map<number, Record<string, number>> | undefined;
}

function SensorChart({ sensor, fns, xs, series }: SensorChartProps) {
  const lines: TChartSeries[] = useMemo(
    () => fns.map((fn) => ({ label: fn, color: COLORS[fn] ?? '#8b94a8' })),
    [fns],
  );
  const data = useMemo(
    () => [xs, ...fns.map((fn) => xs.map((t) => series?.get(t)?.[fn] ?? null))],
    [xs, fns, series],
  );
  const lastT = series ? Math.max(...series.keys()) : null;
  const last = lastT === null ? undefined : series?.get(lastT);
  return (
    <div className="card chart-card" data-testid="sensor-chart" data-sensor={sensor} data-from={xs[0]}>
      <header className="chart-card-header">
        <h2 className="mono">{sensor}</h2>
        <span className="chart-value mono" data-testid="sensor-chart-latest">
          {last
            ? fns
                .filter((fn) => last[fn] !== undefined)
                .map((fn) => `${fn} ${formatValue(last[fn]!)}`)
                .join(' · ')
            : '—'}
        </span>
      </header>
      <TimeChart data={data} series={lines} height={110} formatY={formatCount} windowS={HISTORY_S} />
    </div>
  );
}
