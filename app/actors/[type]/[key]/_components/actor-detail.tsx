'use client';
// The actor inspector: `actors.get` once, then kept live by the actor's socket room
// (`actor:update` folded into the cached answer: state, turns with their input and result,
// lifecycle, broadcasts). It is read again only for what pushes do not carry: the pending alarms
// (at most once a second) after a turn that changed them, or after any turn while some are pending
// (a fired, retried or cancelled alarm), and an actor that did not exist yet (after its own invoke,
// or the first push from another client's).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { DetailHeader } from '../../../../_components/detail-header.tsx';
import { ErrorNote } from '../../../../_components/error-note.tsx';
import { Stat } from '../../../../_components/stat.tsx';
import { StatusBadge } from '../../../../_components/status-badge.tsx';
import { applyActorUpdate } from '../../../../_lib/actor-cache.ts';
import { describeError } from '../../../../_lib/control-plane-error.ts';
import { facetNotes } from '../../../../_lib/facets.ts';
import { formatAgo, formatMs } from '../../../../_lib/format.ts';
import { useSocketEvent, useSubscription } from '../../../../_lib/socket.tsx';
import { useTRPC } from '../../../../_lib/trpc.ts';
import { useNow } from '../../../../_lib/use-now.ts';
import { Labels } from '../../../_components/actors-table.tsx';
import { ActorActions } from './actor-actions.tsx';
import { AlarmsCard } from './alarms-card.tsx';
import { appendBroadcasts, BroadcastsCard, type TBroadcastRow } from './broadcasts-card.tsx';
import { IdleCountdown } from './idle-countdown.tsx';
import { InvokePanel } from './invoke-panel.tsx';
import { JournalTable } from './journal-table.tsx';
import { LifecycleTimeline } from './lifecycle-timeline.tsx';
import { StateCard } from './state-card.tsx';
import { TurnStats } from './turn-stats.tsx';
import './actor-detail.css';

const CATCH_UP_MS = 1000;

export function ActorDetail({ type, actorKey }: { type: string; actorKey: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const address = { type, key: actorKey };
  const detailQuery = trpc.actors.get.queryOptions(address);
  const detail = useQuery(detailQuery);
  const types = useQuery(trpc.actors.types.queryOptions());
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const now = useNow(1000);

  const typeInfo = types.data?.find((t) => t.type === type);
  // Until the types load, nothing is assumed missing (no note flashes in).
  const notes = typeInfo ? facetNotes(typeInfo.facets) : [];
  // Pipeline operators and sinks: the runtime drives them; the control plane refuses to.
  const readOnly = typeInfo?.internal === true;
  const detailKey = detailQuery.queryKey;
  const refetchOnce = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: detailKey, exact: true }),
    [queryClient, detailKey],
  );
  const [broadcasts, setBroadcasts] = useState<TBroadcastRow[]>([]);
  const catchUp = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (catchUp.current) clearTimeout(catchUp.current);
    },
    [],
  );

  useSubscription({ topic: 'actor', type, key: actorKey });
  useSocketEvent('actor:update', (update) => {
    if (update.type !== type || update.key !== actorKey) return;
    const cached = queryClient.getQueryData(detailKey);
    if (cached) queryClient.setQueryData(detailKey, applyActorUpdate(cached, update));
    if (update.broadcasts.length > 0) setBroadcasts((old) => appendBroadcasts(old, update.broadcasts));
    const pending = (cached?.alarms.length ?? 0) > 0;
    const alarmsMayHaveChanged =
      update.turns.some((t) => t.alarmsChanged) || (pending && update.turns.length > 0);
    // No answer to fold into: the actor came to life through another client while this page showed NOT_FOUND.
    if ((alarmsMayHaveChanged || !cached) && !catchUp.current) {
      catchUp.current = setTimeout(() => {
        catchUp.current = null;
        refetchOnce();
      }, CATCH_UP_MS);
    }
  });

  const notFound = detail.error && describeError(detail.error).code === 'NOT_FOUND';
  // A query without data goes back to pending (error cleared) when it is read again: remembering that
  // the actor was missing keeps the invoke form (and the result it shows) mounted while it loads.
  const [wasMissing, setWasMissing] = useState(false);
  if (notFound && !wasMissing) setWasMissing(true);
  const data = detail.data;
  const selected = data?.journal.find((j) => j.id === selectedId) ?? null;

  return (
    <>
      <DetailHeader
        parent={{ href: '/actors', label: 'Actors' }}
        crumb={type}
        title={`${type}/${actorKey}`}
        titleClassName="mono"
        titleTestId="actor-title"
      >
        {data && <StatusBadge status={data.status} testId="actor-status" />}
        {data && <IdleCountdown deadline={data.idleDeadline} now={now} />}
        {notes.map((note) => (
          <span
            key={note.label}
            className="badge"
            data-tone="warn"
            title={note.hint}
            data-testid={`actor-${note.label}`}
          >
            {note.label === 'ephemeral' ? 'ephemeral (in memory)' : note.label}
          </span>
        ))}
        <div className="detail-header-actions">
          {data && !readOnly && (
            <ActorActions address={address} status={data.status} onDeactivated={refetchOnce} />
          )}
          {readOnly && (
            <span
              className="badge"
              title="Driven by the runtime: inspect it, do not drive it"
              data-testid="actor-internal"
            >
              internal (read-only)
            </span>
          )}
        </div>
      </DetailHeader>

      {detail.isPending && !wasMissing && (
        <p className="empty-inline" data-testid="actor-loading">
          Loading actor…
        </p>
      )}
      {detail.error && !notFound && (
        <ErrorNote error={detail.error} testId="actor-error" title="Could not load the actor" />
      )}
      {notFound && (
        <div className="notice" data-testid="actor-not-found">
          <ErrorNote error={detail.error} />
          <p>
            {typeInfo?.virtual === false
              ? 'This type is spawn-only: an actor exists once it is spawned (Actors, Spawn actor). '
              : 'Actors are virtual: invoking an action on this key activates it. '}
            Or go back to the{' '}
            <Link href="/actors" className="link">
              actor list
            </Link>
            .
          </p>
        </div>
      )}

      {data && (
        <dl className="stat-strip" data-testid="actor-summary">
          <Stat label="version" value={<span data-testid="actor-version">{data.version}</span>} />
          <Stat label="activations" value={data.activations} />
          <Stat label="mailbox" value={data.mailboxDepth} />
          <Stat label="idle timeout" value={formatMs(data.idleTimeoutMs)} />
          <Stat label="last active" value={formatAgo(data.lastActiveAt, now)} />
          <TurnStats stats={data.turnStats} status={data.status} now={now} />
          <Stat label="labels" value={<Labels labels={data.labels} />} />
        </dl>
      )}
      {data?.failure && (
        <p className="card-note" data-tone="error" role="alert" data-testid="actor-failure">
          Failure: {data.failure}
        </p>
      )}
      {data && data.unreadable.length > 0 && (
        <p className="card-note" role="status" data-testid="actor-unreadable">
          Stored values that cannot be shown (left out or null): {data.unreadable.join('; ')}
        </p>
      )}

      {(data || notFound || wasMissing) && (
        <div className="detail-grid">
          <div className="detail-col">
            {data && (
              <StateCard
                state={data.state}
                version={data.version}
                selected={selected}
                onBackToLive={() => setSelectedId(null)}
              />
            )}
            {!readOnly && (
              <InvokePanel
                address={address}
                version={data?.version ?? 0}
                typeInfo={typeInfo}
                typesError={types.error}
                typesLoading={types.isPending}
                onInvoked={() => {
                  if (!data) refetchOnce(); // it exists now; pushes reach only a loaded answer
                }}
              />
            )}
          </div>
          {data && (
            <div className="detail-col">
              <LifecycleTimeline
                lifecycle={data.lifecycle}
                journal={data.journal}
                idleTimeoutMs={data.idleTimeoutMs}
              />
              <AlarmsCard alarms={data.alarms} now={now} />
              <BroadcastsCard rows={broadcasts} />
            </div>
          )}
        </div>
      )}
      {/* The full width: input and result columns stay readable on a 1024 px screen. */}
      {data && (
        <div className="section-gap">
          <JournalTable
            journal={data.journal}
            enabled={typeInfo?.journal ?? true}
            selectedId={selectedId}
            onSelect={(id) => setSelectedId((current) => (current === id ? null : id))}
          />
        </div>
      )}
    </>
  );
}
