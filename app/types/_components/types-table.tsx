'use client';
// Every registered actor type: where it comes from (the actors/ folder, a deploy, the runtime
// itself), its deployed version and source hash, its facets and actions. A deployed type links to
// its deploy history.
import Link from 'next/link';
import { DataTable, numeric } from '../../_components/data-table.tsx';
import { formatAgo } from '../../_lib/format.ts';
import { typeHref } from '../../_lib/routes.ts';
import { useNow } from '../../_lib/use-now.ts';
import { FacetBadges } from './facet-badges.tsx';
import { ShortHash } from './short-hash.tsx';
import type { TTypeRow } from './type-shapes.ts';

const ORIGIN_HINT: Record<TTypeRow['origin'], string> = {
  folder: 'Loaded from the actors/ folder at start',
  deployed: 'Uploaded to this server with `troupe deploy`; stored versioned in the database',
  internal: 'Part of the runtime (pipeline operators and sinks): inspect it, do not drive it',
  embedded: 'Registered by the program that embeds the runtime',
};

export function TypesTable({ types }: { types: TTypeRow[] }) {
  const now = useNow(5000);
  return (
    <DataTable
      columns={['type', 'origin', numeric('version'), 'deployed', 'source hash', 'facets', 'actions']}
      testId="types-table"
      scroll
    >
      {types.map((row) => (
        <tr key={row.type} data-testid="type-row" data-type={row.type} data-origin={row.origin}>
          <td>
            {row.origin === 'deployed' ? (
              <Link href={typeHref(row.type)} className="link mono" data-testid="type-link">
                {row.type}
              </Link>
            ) : (
              <span className="mono" data-testid="type-name">
                {row.type}
              </span>
            )}
            {row.file && <div className="mono muted">{row.file}</div>}
            {row.loadError && (
              <div className="mono type-load-error" role="alert" data-testid="type-load-error">
                {row.loadError}
              </div>
            )}
          </td>
          <td>
            <span className="badge" title={ORIGIN_HINT[row.origin]} data-testid="type-origin">
              {row.origin}
            </span>
          </td>
          <td className="mono num" data-testid="type-version">
            {row.version == null ? '—' : `v${row.version}`}
          </td>
          <td
            className="mono muted"
            title={row.deployedAt == null ? undefined : new Date(row.deployedAt).toLocaleString()}
          >
            {row.deployedAt == null ? '—' : formatAgo(row.deployedAt, now)}
          </td>
          <td>
            <ShortHash hash={row.sourceHash} testId="type-hash" />
          </td>
          <td>
            <FacetBadges facets={row.facets} />
          </td>
          <td className="mono" data-testid="type-actions">
            {row.actions.length === 0 ? <span className="muted">—</span> : row.actions.join(', ')}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
