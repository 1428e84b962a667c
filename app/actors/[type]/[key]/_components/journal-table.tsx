// Every recorded turn: action, input, result or error, state version, duration. Selecting a row
// shows the state right after that turn (stored with the row, no replay needed), here under the
// table and in the state card.
import { Card } from '../../../../_components/card.tsx';
import { DataTable, numeric } from '../../../../_components/data-table.tsx';
import { JsonView } from '../../../../_components/json-view.tsx';
import { formatClock, formatJson, formatMs } from '../../../../_lib/format.ts';
import type { TActorDetail } from '../../../../_lib/router-types.ts';

interface JournalTableProps {
  journal: TActorDetail['journal'];
  /** False for types that keep no journal. */
  enabled: boolean;
  selectedId: number | null;
  onSelect: (id: number) => void;
}

export function JournalTable({ journal, enabled, selectedId, onSelect }: JournalTableProps) {
  return (
    <Card
      title="Journal"
      className="card-flush"
      headerClassName="card-pad-x"
      headerExtra={<span className="muted">select a row: state at its version</span>}
      testId="journal"
    >
      {!enabled ? (
        <p className="empty-inline">This actor type keeps no journal.</p>
      ) : journal.length === 0 ? (
        <p className="empty-inline" data-testid="journal-empty">
          No turns recorded yet.
        </p>
      ) : (
        <>
          <DataTable
            columns={[numeric('version'), 'action', 'input', 'result / error', numeric('duration'), 'at']}
            className="table-hover journal-table"
            scroll="journal-scroll"
          >
            {journal.map((entry) => (
              <tr
                key={entry.id}
                data-testid="journal-row"
                data-version={entry.version}
                data-action={entry.action}
                aria-selected={entry.id === selectedId}
                tabIndex={0}
                onClick={() => onSelect(entry.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onSelect(entry.id);
                  }
                }}
              >
                <td className="mono num">v{entry.version}</td>
                <td className="mono">{entry.action}</td>
                <td className="mono truncate" title={formatJson(entry.input)} data-testid="journal-input">
                  {formatJson(entry.input)}
                </td>
                <td
                  className="mono truncate"
                  title={entry.error ?? formatJson(entry.result)}
                  data-tone={entry.error ? 'error' : undefined}
                  data-testid="journal-result"
                >
                  {entry.error ?? formatJson(entry.result)}
                </td>
                <td className="mono num">{formatMs(entry.durationMs)}</td>
                <td className="mono muted">
                  <time dateTime={new Date(entry.at).toISOString()}>{formatClock(entry.at)}</time>
                </td>
              </tr>
            ))}
          </DataTable>
          <SelectedState entry={journal.find((e) => e.id === selectedId)} />
        </>
      )}
    </Card>
  );
}

function SelectedState({ entry }: { entry: TActorDetail['journal'][number] | undefined }) {
  if (!entry) return null;
  return (
    <div className="card-pad journal-selected" data-testid="journal-selected">
      <p className="card-note">
        State after <span className="mono">{entry.action}</span> at {formatClock(entry.at)} (v{entry.version})
      </p>
      {entry.state === undefined ? (
        <p className="empty-inline">Stored with the journal row; it appears once the journal is refreshed.</p>
      ) : (
        <JsonView value={entry.state} />
      )}
    </div>
  );
}
