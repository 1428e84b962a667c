// The side streams of a pipeline as the page shows them: records behind an operator's watermark
// (`late`) and numbers that left the finite range (`errors`). The page keeps the newest entries and
// reads on from the last sequence number it has (streams are numbered 1, 2, ... per pipeline).
import { z } from 'zod';

export const SIDE_STREAMS = ['late', 'errors'] as const;
export type TSideStream = (typeof SIDE_STREAMS)[number];

export interface TSideItem {
  seq: number;
  output: Record<string, unknown>;
}

/** What the page holds of one side stream: the newest entries (oldest first) and where to read on. */
export interface TSideView {
  items: TSideItem[];
  lastSeq: number;
}

/**
 * Where a first read starts so that the newest `keep` entries come in one page: just before the
 * `keep` newest of the `counted` ones. The per-operator counters restart with the server while the
 * stream is durable, so a start too early is possible: the reader then pages on to the end.
 */
export function firstSeq(counted: number, keep: number): number {
  return Math.max(0, Math.floor(counted) - keep);
}

/** `view` with a page read after it, keeping the newest `keep` entries (a repeated seq counts once). */
export function appendPage(view: TSideView, page: readonly TSideItem[], keep: number): TSideView {
  const fresh = page.filter((item) => item.seq > view.lastSeq);
  if (fresh.length === 0) return view;
  return { items: [...view.items, ...fresh].slice(-keep), lastSeq: fresh.at(-1)!.seq };
}

/** The count a pipeline's operators give for a side stream (since the server started). */
export function countOf(operators: readonly { late: number; errors: number }[], stream: TSideStream) {
  return operators.reduce((sum, op) => sum + op[stream], 0);
}

// An entry as the engine writes it (server/pipelines/operators.ts): read loosely, shown as found.
const ZSideEntry = z.looseObject({
  operator: z.number().int().min(0).optional(),
  key: z.string().optional(),
  watermark: z.number().optional(),
  reason: z.string().optional(),
  record: z.record(z.string(), z.unknown()).optional(),
});

export interface TSideRow {
  operator: number | null;
  key: string;
  /** The record's event time (a window output's ts is its last instant). */
  ts: number | null;
  /** Late entries: the operator's watermark for the key when the record came. */
  watermark: number | null;
  /** How far behind the watermark the record was (ms), for late entries. */
  behindMs: number | null;
  /** Error entries: what went wrong. */
  reason: string | null;
  record: Record<string, unknown> | null;
}

export function describeSideEntry(output: Record<string, unknown>): TSideRow {
  const parsed = ZSideEntry.safeParse(output);
  const entry = parsed.success ? parsed.data : {};
  const record = entry.record ?? null;
  const ts = typeof record?.ts === 'number' && Number.isFinite(record.ts) ? record.ts : null;
  const watermark = typeof entry.watermark === 'number' ? entry.watermark : null;
  return {
    operator: entry.operator ?? null,
    key: entry.key ?? '—',
    ts,
    watermark,
    behindMs: ts !== null && watermark !== null ? watermark - ts : null,
    reason: entry.reason ?? null,
    record,
  };
}

/** Epoch ms (after 1973) as a local clock with milliseconds; smaller event times as the number. */
export function formatEventTime(ms: number): string {
  if (Math.abs(ms) < 1e11) return String(ms);
  const d = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
