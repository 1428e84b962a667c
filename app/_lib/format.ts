// Display helpers shared by the dashboard views.

/** 3725 -> "1h 02m 05s"; 42.3 -> "42s". */
export function formatUptime(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const minutes = Math.floor((s % 3_600) / 60);
  const seconds = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days}d ${pad(hours)}h ${pad(minutes)}m`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

/** Local wall-clock time, e.g. "14:03:27". Client-only: server and browser time zones differ. */
export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour12: false });
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** 1234 -> "1.2K"; small numbers stay exact (up to one decimal). */
export function formatCount(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  if (Math.abs(n) < 1000) return String(Math.round(n * 10) / 10);
  return compact.format(n);
}

/** Events per second: "1.2K/s", "0/s". */
export function formatRate(perSec: number | null | undefined): string {
  return perSec == null ? '—' : `${formatCount(perSec)}/s`;
}

/** Milliseconds with sensible precision: "0.042 ms", "3.1 ms", "1.2 s". */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(3)} ms`;
}

/** How long ago `at` was, relative to `now` (both epoch ms): "12s ago", "3m ago". */
export function formatAgo(at: number | null | undefined, now: number): string {
  if (at == null) return '—';
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

/** Compact JSON for table cells; `undefined` (not known yet) shows as a dash. */
export function formatJson(value: unknown): string {
  if (value === undefined) return '—';
  const text = JSON.stringify(value);
  return text === undefined ? '—' : text;
}

/** How far ahead `at` is, relative to `now` (both epoch ms): "in 12s", "in 3m 05s", "in 2h 10m"; "due" once passed. */
export function formatIn(at: number, now: number): string {
  const s = Math.round((at - now) / 1000);
  if (s <= 0) return 'due';
  if (s < 60) return `in ${s}s`;
  if (s < 3600) return `in ${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400)
    return `in ${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `in ${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}
