'use client';
// Which sensors get a chart: six (or 24) at a time, paged in natural order, or those whose name
// contains what is typed. Reports its choice to the charts; the page stays put as sensors appear.
import { useEffect, useMemo, useState } from 'react';

const PAGE_SIZES = [6, 24] as const;

interface SensorPagerProps {
  /** Every sensor with outputs, in display order. */
  sensors: string[];
  onShow: (sensors: string[]) => void;
}

export function SensorPager({ sensors, onShow }: SensorPagerProps) {
  const [size, setSize] = useState<(typeof PAGE_SIZES)[number]>(6);
  const [page, setPage] = useState(0);
  const [query, setQuery] = useState('');
  const matching = useMemo(
    () => (query ? sensors.filter((s) => s.toLowerCase().includes(query.toLowerCase())) : sensors),
    [sensors, query],
  );
  const pages = Math.max(1, Math.ceil(matching.length / size));
  const current = Math.min(page, pages - 1);
  const from = current * size;
  const shown = matching.slice(from, from + size);
  const shownKey = shown.join('\n');

  // biome-ignore lint/correctness/useExhaustiveDependencies: `shown` changes identity on every push; its key does not.
  useEffect(() => onShow(shown), [shownKey, onShow]);

  if (sensors.length <= PAGE_SIZES[0] && !query) return null;
  return (
    <div className="toolbar sensor-pager" data-testid="sensor-pager">
      <label className="field-inline">
        <span>Sensor</span>
        <input
          type="search"
          placeholder="name contains…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setPage(0);
          }}
          data-testid="sensor-filter"
        />
      </label>
      <span className="muted mono" data-testid="sensor-range">
        {matching.length === 0
          ? 'no sensor matches'
          : `${from + 1}–${from + shown.length} of ${matching.length} sensors`}
      </span>
      <button
        type="button"
        className="button-ghost"
        disabled={current === 0}
        onClick={() => setPage(current - 1)}
        data-testid="sensor-prev"
      >
        ← Previous
      </button>
      <button
        type="button"
        className="button-ghost"
        disabled={current >= pages - 1}
        onClick={() => setPage(current + 1)}
        data-testid="sensor-next"
      >
        Next →
      </button>
      <button
        type="button"
        className="button-ghost"
        onClick={() => {
          setSize(size === PAGE_SIZES[0] ? PAGE_SIZES[1] : PAGE_SIZES[0]);
          setPage(0);
        }}
        data-testid="sensor-page-size"
      >
        {size === PAGE_SIZES[0] ? `Show ${PAGE_SIZES[1]} per page` : `Show ${PAGE_SIZES[0]} per page`}
      </button>
    </div>
  );
}
