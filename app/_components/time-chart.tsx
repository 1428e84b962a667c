'use client';
// A small live line chart on uPlot: created once per series layout, then only `setData` on updates,
// which redraws one canvas (cheap enough at several updates a second on many charts).
// @see https://github.com/leeoniya/uPlot/tree/master/docs
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface TChartSeries {
  label: string;
  color: string;
}

interface TimeChartProps {
  /** x values (epoch seconds) first, then one array of y values (null: gap) per series. */
  data: (number | null)[][];
  series: TChartSeries[];
  height?: number;
  testId?: string;
  /** y axis tick labels, e.g. rates or counts. */
  formatY?: (value: number) => string;
  /** Width of the sliding time window in seconds: the newest point sits at the right edge. */
  windowS: number;
  /** Counts and rates start at zero; measurements (sensor values) get an auto-fitted axis. */
  zeroBased?: boolean;
}

/** Until this much history exists the x axis fits the data; then it slides. */
const MIN_SPAN_S = 30;

const pad = (n: number) => String(n).padStart(2, '0');
/** Tick labels in local time: "14:03" or, for ticks under a minute apart, "14:03:20". */
function formatTick(epochS: number, withSeconds: boolean): string {
  const d = new Date(epochS * 1000);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return withSeconds ? `${hm}:${pad(d.getSeconds())}` : hm;
}

/** From 0 (or the lowest negative value) to a little above the highest value in the data. */
function zeroBasedRange(data: uPlot.AlignedData): [number, number] {
  let low = 0;
  let high = 0;
  for (const ys of data.slice(1)) {
    for (const y of ys) {
      if (typeof y !== 'number') continue;
      if (y < low) low = y;
      if (y > high) high = y;
    }
  }
  return [low, high > 0 ? high * 1.15 : 1];
}

// Axis text is drawn on the canvas: --text-muted, 6.4:1 or more on the card backgrounds (WCAG AA).
const AXIS_STYLE = {
  stroke: '#9aa3b5',
  font: '10px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  grid: { stroke: '#1c2230', width: 1 },
  ticks: { stroke: '#232a3a', width: 1, size: 4 },
};

export function TimeChart({
  data,
  series,
  height = 120,
  testId,
  formatY,
  windowS,
  zeroBased,
}: TimeChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;
  const formatRef = useRef(formatY);
  formatRef.current = formatY;
  const layout = JSON.stringify(series);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const specs = JSON.parse(layout) as TChartSeries[];
    const options: uPlot.Options = {
      width: Math.max(120, element.clientWidth),
      height,
      // Labels only: the card header shows the latest value, hovering shows none ("--") otherwise.
      legend: { show: true, live: false },
      cursor: { y: false, points: { size: 5 } },
      scales: {
        x: {
          time: true,
          // The last `windowS` seconds, or all the data while there is less (at least MIN_SPAN_S).
          // Read from the data itself: a chart created empty gets no data bounds from uPlot later.
          range: (u) => {
            const xs = u.data[0];
            const last = xs.at(-1) ?? Date.now() / 1000;
            const first = xs[0] ?? last;
            return [Math.min(Math.max(first, last - windowS), last - MIN_SPAN_S), last];
          },
        },
        y: zeroBased ? { range: (u) => zeroBasedRange(u.data) } : {},
      },
      axes: [
        {
          ...AXIS_STYLE,
          space: 56,
          size: 24,
          values: (_u, ticks, _axis, _space, increment) => ticks.map((t) => formatTick(t, increment < 60)),
        },
        {
          ...AXIS_STYLE,
          size: 46,
          values: (_u, ticks) => ticks.map((v) => (formatRef.current ? formatRef.current(v) : String(v))),
        },
      ],
      series: [
        { label: 'time' },
        ...specs.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          spanGaps: true,
        })),
      ],
    };
    const chart = new uPlot(options, latest.current as uPlot.AlignedData, element);
    plot.current = chart;
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(120, element.clientWidth), height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [layout, height, windowS, zeroBased]);

  useEffect(() => {
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data]);

  const empty = (data[0]?.length ?? 0) === 0;
  return (
    <div className="chart" data-testid={testId} data-points={data[0]?.length ?? 0}>
      <div ref={host} className="chart-canvas" />
      {empty && <div className="chart-empty">Waiting for data…</div>}
    </div>
  );
}
