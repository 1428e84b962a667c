'use client';
// The Overview's summary at a glance: actors in memory per type, pipelines running, events per
// second into pipelines and turns per second, and errors over the last five minutes. Figures come
// from the server's history on load, then from its live pushes.
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { TMetricsTick, TOverviewSummary } from '@/server/realtime/events.ts';
import { formatCount } from '../_lib/format.ts';
import { errorsBetween } from '../_lib/overview-history.ts';
import { StaleBadge, useLiveState } from './stale-badge.tsx';

const TYPES_SHOWN = 4;

interface OverviewTilesProps {
  ticks: TMetricsTick[];
  summary: TOverviewSummary | null;
}

export function OverviewTiles({ ticks, summary }: OverviewTilesProps) {
  const { stale } = useLiveState();
  const last = ticks.at(-1);
  const errors = errorsBetween(ticks);
  const residents = summary?.residentsByType ?? [];
  const residentTotal = residents.reduce((sum, r) => sum + r.count, 0);
  const pipelines = summary?.pipelines;
  return (
    <section
      aria-labelledby="overview-summary-title"
      data-testid="overview-tiles"
      data-stale={stale || undefined}
    >
      <div className="section-head">
        <h2 className="section-title" id="overview-summary-title">
          Now
        </h2>
        <StaleBadge />
      </div>
      <div className="tile-grid">
        <Tile
          title="Actors in memory"
          value={summary ? formatCount(residentTotal) : '—'}
          testId="tile-actors"
        >
          {residents.length === 0 ? (
            <p className="tile-note">{summary ? 'none resident right now' : 'loading…'}</p>
          ) : (
            <ul className="tile-types" aria-label="Resident actors per type">
              {residents.slice(0, TYPES_SHOWN).map(({ type, count }) => (
                <li key={type} data-testid="tile-actors-type" data-type={type}>
                  <Link className="link mono" href={`/actors?type=${encodeURIComponent(type)}`} title={type}>
                    {type}
                  </Link>
                  <span className="tile-bar" aria-hidden="true">
                    <span style={{ width: `${Math.max(4, (count / residentTotal) * 100)}%` }} />
                  </span>
                  <span className="mono">{formatCount(count)}</span>
                </li>
              ))}
              {residents.length > TYPES_SHOWN && (
                <li className="tile-note">+{residents.length - TYPES_SHOWN} more types</li>
              )}
            </ul>
          )}
        </Tile>
        <Tile
          title="Pipelines running"
          value={pipelines ? String(pipelines.running) : '—'}
          testId="tile-pipelines"
        >
          <p className="tile-note">
            {pipelines
              ? `of ${pipelines.running + pipelines.stopped} · ${pipelines.stopped} stopped`
              : 'loading…'}
          </p>
        </Tile>
        <Tile
          title="Pipeline events/s"
          value={last ? formatCount(last.pipelineEventsPerSec) : '—'}
          testId="tile-events"
        >
          <p className="tile-note">
            turns {last ? formatCount(last.turnsPerSec) : '—'}/s · activations{' '}
            {last ? formatCount(last.activationsPerSec) : '—'}/s
          </p>
        </Tile>
        <Tile
          title="Errors · last 5 min"
          value={ticks.length ? formatCount(errors.total) : '—'}
          tone={errors.total > 0 ? 'error' : undefined}
          testId="tile-errors"
        >
          <p className="tile-note" data-testid="tile-errors-breakdown">
            {errors.turns} failed turns · {errors.activations} failed activations · {errors.overloaded}{' '}
            overloaded · {errors.timeouts} timeouts
          </p>
        </Tile>
      </div>
    </section>
  );
}

interface TileProps {
  title: string;
  value: string;
  tone?: 'error';
  testId: string;
  children: ReactNode;
}

function Tile({ title, value, tone, testId, children }: TileProps) {
  return (
    <div className="card tile" data-testid={testId}>
      <h3 className="tile-title">{title}</h3>
      <p className="tile-value mono" data-tone={tone} data-testid={`${testId}-value`}>
        {value}
      </p>
      {children}
    </div>
  );
}
