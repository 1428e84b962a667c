'use client';
// The versions of one deployed type, newest first; every inactive one can be rolled back to
// (confirmed first: it drains the type's resident activations).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Card } from '../../../_components/card.tsx';
import { ConfirmAction } from '../../../_components/confirm-action.tsx';
import { DataTable, numeric } from '../../../_components/data-table.tsx';
import { useTRPC } from '../../../_lib/trpc.ts';
import { ShortHash } from '../../_components/short-hash.tsx';
import type { TTypeVersion } from '../../_components/type-shapes.ts';

export function VersionsTable({ type, versions }: { type: string; versions: TTypeVersion[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rollback = useMutation(
    trpc.types.rollback.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.types.history.queryFilter({ type }));
        void queryClient.invalidateQueries(trpc.types.list.queryFilter());
      },
    }),
  );
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  return (
    <Card
      title="Versions"
      className="card-flush"
      headerClassName="card-pad-x"
      headerExtra={<span className="badge">{versions.length}</span>}
      testId="type-versions"
    >
      {versions.length === 0 ? (
        <p className="empty-inline" data-testid="type-versions-empty">
          No deployed versions: this type comes from the actors/ folder or the runtime.
        </p>
      ) : (
        <DataTable
          columns={[
            numeric('version'),
            'source hash',
            'file',
            'deployed at',
            'rolled back from',
            'active',
            '',
          ]}
          testId="versions-table"
          scroll
        >
          {newestFirst.map((v) => (
            <tr key={v.version} data-testid="version-row" data-version={v.version} data-active={v.active}>
              <td className="mono num">v{v.version}</td>
              <td>
                <ShortHash hash={v.sourceHash} testId="version-hash" />
              </td>
              <td className="mono">{v.fileName}</td>
              <td className="mono muted">{new Date(v.deployedAt).toLocaleString()}</td>
              <td className="mono" data-testid="version-rolled-back-from">
                {v.rolledBackFrom == null ? <span className="muted">—</span> : `v${v.rolledBackFrom}`}
              </td>
              <td>
                {v.active ? (
                  <span className="badge" data-tone="ok" data-testid="version-active">
                    active
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                {!v.active && (
                  <ConfirmAction
                    label="Roll back to this version"
                    question={`Roll ${type} back to v${v.version}?`}
                    mutation={rollback}
                    variables={{ type, version: v.version }}
                    testId={`rollback-${v.version}`}
                    dialogTestId={`rollback-dialog-${v.version}`}
                    errorTestId={`rollback-error-${v.version}`}
                  >
                    <p>
                      v{v.version} (<ShortHash hash={v.sourceHash} />) becomes the serving version. Resident{' '}
                      <span className="mono">{type}</span> actors finish their current turn and deactivate;
                      the next message to any of them runs v{v.version}. State is kept.
                    </p>
                  </ConfirmAction>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
