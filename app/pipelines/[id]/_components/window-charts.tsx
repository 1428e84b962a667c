'use client';
// Window outputs over time, one small chart per sensor (avg / max / min as the pipeline emits
// them), from the sink outputs pushed with each pipeline update. History: last two minutes.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { CardHeader } from '../../../_components/card.tsx';
import { DataTable, numeric } from '../../../_components/data-table.tsx';
import { type TChartSeries, TimeChart } from '../../../_components/time-chart.tsx';
import { formatCount, formatJson } from '../../../_lib/format.ts';
import { EMPTY_HISTORY, HISTORY_S, outputsKey, type TOutputHistory } from '../../../_lib/pipeline-outputs.ts';

const MAX_CHARTS = 6;
const COLORS: Record<string, string> = {
  avg: '#6d8cff',
  max: '#f0a35e',
  min: '#3ecf8e',
  sum: '#b48cff',
  count: '#8b94a8',
};
const FN_ORDER = ['avg', 'max', 'min', 'sum', 'count'];

const byNaturalOrder = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

export function WindowCharts({ id }: { id: string }) {
  const { data: history } = useQuery({
    queryKey: outputsKey(id),
    queryFn: () => EMPTY_HISTORY,
    initialData: EMPTY_HISTORY,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const { sensors, fns } = useMemo(() => {
    const sensorSet = new Set<string>();
    const fnSet = new Set<string>();
    for (const point of history.points) {
      sensorSet.add(point.sensor);
      for (const fn of Object.keys(point.values)) fnSet.add(fn);
    }
    return {
      sensors: [...sensorSet].sort(byNaturalOrder),
      fns: FN_ORDER.filter((fn) => fnSet.has(fn)),
    };
  }, [history]);
  const shown = sensors.slice(0, MAX_CHARTS);

  return (
    <section className="section-gap" aria-labelledby="outputs-title" data-testid="window-charts">
      <div className="section-head">
        <h2 id="outputs-title" className="section-title">
          Window outputs per sensor
        </h2>
        <span className="muted mono" data-testid="window-outputs-received" data-count={history.received}>
          {formatCount(history.received)} received
          {history.skipped > 0 ? ` · ${formatCount(history.skipped)} skipped to keep up` : ''}
          {sensors.length > MAX_CHARTS ? ` · showing ${MAX_CHARTS} of ${sensors.length} sensors` : ''}
        </span>
      </div>
      {shown.length === 0 ? (
        <p className="empty-state empty-compact" data-testid="window-charts-empty">
          No window outputs yet. Start the simulator (or publish events): outputs appear as windows close.
        </p>
      ) : (
        <div className="chart-grid">
          {shown.map((sensor) => (
            <SensorChart key={sensor} sensor={sensor} fns={fns} history={history} />
          ))}
        </div>
      )}
      {history.recent.length > 0 && <RecentOutputs recent={history.recent} />}
    </section>
  );
}

function SensorChart({ sensor, fns, history }: { sensor: string; fns: string[]; history: TOutputHistory }) {
  const series: TChartSeries[] = useMemo(
    () => fns.map((fn) => ({ label: fn, color: COLORS[fn] ?? '#8b94a8' })),
    [fns],
  );
  const data = useMemo(() => {
    const points = history.points.filter((p) => p.sensor === sensor);
    return [points.map((p) => p.t), ...fns.map((fn) => points.map((p) => p.values[fn] ?? null))];
  }, [history, sensor, fns]);
  const last = history.points.findLast((p) => p.sensor === sensor);
  return (
    <div className="card chart-card" data-testid="sensor-chart" data-sensor={sensor}>
      <header className="chart-card-header">
        <h2 className="mono">{sensor}</h2>
        <span className="chart-value mono">
          {last
            ? fns
                .filter((fn) => last.values[fn] !== undefined)
                .map((fn) => `${fn} ${formatCount(last.values[fn]!)}`)
                .join(' · ')
            : '—'}
        </span>
      </header>
      <TimeChart data={data} series={series} height={110} formatY={formatCount} windowS={HISTORY_S} />
    </div>
  );
}

function RecentOutputs({ recent }: { recent: TOutputHistory['recent'] }) {
  return (
    <div className="card card-flush section-gap">
      <CardHeader title="Latest outputs" className="card-pad-x" />
      <DataTable columns={[numeric('seq'), 'sensor', 'output']} testId="recent-outputs" scroll>
        {recent.map(({ seq, output }) => {
          const { sensorId, ...rest } = output;
          return (
            <tr key={seq}>
              <td className="mono num">{seq}</td>
              <td className="mono">{String(sensorId)}</td>
              <td className="mono truncate">{formatJson(rest)}</td>
            </tr>
          );
        })}
      </DataTable>
    </div>
  );
}
