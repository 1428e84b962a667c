// Every recorded turn: action, input, result or error, state version, duration. Selecting a row
// shows the state right after that turn (stored with the row, no replay needed).
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
    <section className="card card-flush" aria-labelledby="journal-title" data-testid="journal">
      <header className="card-header card-pad-x">
        <h2 id="journal-title">Journal</h2>
        <span className="muted">select a row: state at its version</span>
      </header>
      {!enabled ? (
        <p className="empty-inline">This actor type keeps no journal.</p>
      ) : journal.length === 0 ? (
        <p className="empty-inline" data-testid="journal-empty">
          No turns recorded yet.
        </p>
      ) : (
        <div className="table-scroll journal-scroll">
          <table className="table table-hover journal-table">
            <thead>
              <tr>
                <th className="num">version</th>
                <th>action</th>
                <th>input</th>
                <th>result / error</th>
                <th className="num">duration</th>
                <th>at</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
