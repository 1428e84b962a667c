'use client';
// The Overview's metrics as one series: the server's last five minutes (system.recentMetrics) on
// load and after every reconnect (which fills what was missed while offline), then the live
// `metrics:tick` and `overview:summary` pushes. Kept in the React Query cache (use-live-store.ts).
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { TMetricsTick, TOverviewSummary } from '@/server/realtime/events.ts';
import { mergeTicks } from './overview-history.ts';
import { useSocket, useSocketEvent, useSubscription } from './socket.tsx';
import { useTRPC } from './trpc.ts';
import { useLiveStore } from './use-live-store.ts';

const TICKS_KEY = ['live', 'metrics-ticks'] as const;
const SUMMARY_KEY = ['live', 'overview-summary'] as const;
const NO_TICKS: TMetricsTick[] = [];
const NO_SUMMARY: { summary: TOverviewSummary | null } = { summary: null };

export function useOverviewMetrics() {
  const trpc = useTRPC();
  const { connects } = useSocket();
  useSubscription({ topic: 'overview' });
  const [ticks, updateTicks] = useLiveStore(TICKS_KEY, NO_TICKS);
  const [latest, updateSummary] = useLiveStore(SUMMARY_KEY, NO_SUMMARY);
  const recent = useQuery({ ...trpc.system.recentMetrics.queryOptions(), refetchOnWindowFocus: false });
  const { data, refetch } = recent;

  // A reconnect (not the first connect: the query runs on mount) re-reads what was missed.
  useEffect(() => {
    if (connects > 1) void refetch();
  }, [connects, refetch]);

  useEffect(() => {
    if (!data) return;
    updateTicks((old) => mergeTicks(old, data.ticks));
    updateSummary((old) =>
      old.summary && old.summary.at >= data.summary.at ? old : { summary: data.summary },
    );
  }, [data, updateTicks, updateSummary]);

  useSocketEvent('metrics:tick', (tick) => updateTicks((old) => mergeTicks(old, [tick])));
  useSocketEvent('overview:summary', (summary) => updateSummary(() => ({ summary })));

  return {
    ticks,
    summary: latest.summary,
    /** The server's history has not answered yet (first load). */
    loading: recent.isPending,
    error: recent.error,
  };
}
