// The actor's state, live; or, when a journal row is selected, the state right after that turn.
import { Card } from '../../../../_components/card.tsx';
import { JsonView } from '../../../../_components/json-view.tsx';
import { formatClock } from '../../../../_lib/format.ts';
import type { TActorDetail } from '../../../../_lib/router-types.ts';

interface StateCardProps {
  state: unknown;
  version: number;
  selected: TActorDetail['journal'][number] | null;
  onBackToLive: () => void;
}

export function StateCard({ state, version, selected, onBackToLive }: StateCardProps) {
  const historic = selected !== null;
  return (
    <Card
      title={
        historic ? (
          <>
            State at <span data-testid="state-version">v{selected.version}</span>
          </>
        ) : (
          <>
            State · <span data-testid="state-version">v{version}</span>
          </>
        )
      }
      headerExtra={
        historic ? (
          <button type="button" className="button-ghost" onClick={onBackToLive} data-testid="state-live">
            Back to live
          </button>
        ) : (
          <span className="badge" data-tone="ok">
            live
          </span>
        )
      }
      testId="state-card"
      data-historic={historic}
    >
      {historic && selected.state === undefined ? (
        <p className="empty-inline">Stored with the journal row; it appears once the journal is refreshed.</p>
      ) : (
        <JsonView value={historic ? selected.state : state} testId="actor-state" />
      )}
      {historic && (
        <p className="card-note">
          After <span className="mono">{selected.action}</span> at {formatClock(selected.at)}
        </p>
      )}
    </Card>
  );
}
