// Every recorded turn: action, input, result or error, state version, duration. Selecting a row
// shows the state right after that turn (stored with the row, no replay needed).
import { Card } from '../../../../_components/card.tsx';
import { DataTable, numeric } from '../../../../_components/data-table.tsx';
import { formatJson, formatMs } from '../../../../_lib/format.ts';
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
              <td className="mono truncate" data-testid="journal-input">
                {formatJson(entry.input)}
              </td>
              <td
                className="mono truncate"
                data-tone={entry.error ? 'error' : undefined}
                data-testid="journal-result"
              >
                {entry.error ?? formatJson(entry.result)}
              </td>
              <td className="mono num">{formatMs(entry.durationMs)}</td>
              <td className="mono muted">
                {new Date(entry.at).toLocaleTimeString(undefined, { hour12: false })}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
