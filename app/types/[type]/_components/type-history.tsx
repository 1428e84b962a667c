'use client';
// A deployed type's history (`types.history`): every uploaded version, newest first, the active one
// marked. Rolling back re-registers an earlier version: resident activations finish their current
// turn and deactivate, and the next message runs that version.
import { useQuery } from '@tanstack/react-query';
import { DetailHeader } from '../../../_components/detail-header.tsx';
import { ErrorNote } from '../../../_components/error-note.tsx';
import { useTRPC } from '../../../_lib/trpc.ts';
import { useTypesLive } from '../../_components/use-types-live.ts';
import { VersionsTable } from './versions-table.tsx';

export function TypeHistory({ type }: { type: string }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.types.history.queryOptions({ type }));
  useTypesLive();
  const versions = history.data?.versions ?? [];
  const active = versions.find((v) => v.active);
  return (
    <>
      <DetailHeader
        parent={{ href: '/types', label: 'Types' }}
        crumb={type}
        title={type}
        titleClassName="mono"
        titleTestId="type-title"
      >
        {active && (
          <span className="badge" data-tone="ok" data-testid="type-active-version">
            serving v{active.version}
          </span>
        )}
      </DetailHeader>
      {history.isPending && (
        <p className="empty-inline" data-testid="history-loading">
          Loading deploy history…
        </p>
      )}
      <ErrorNote error={history.error} testId="history-error" title="Could not load the deploy history" />
      {history.data && <VersionsTable type={type} versions={versions} />}
    </>
  );
}
