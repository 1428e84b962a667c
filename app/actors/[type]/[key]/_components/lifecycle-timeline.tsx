// Activations, deactivations (with why: idle, evicted, manual, shutdown, error) and failures, newest first.
import { Card } from '../../../../_components/card.tsx';
import type { TActorDetail } from '../../../../_lib/router-types.ts';

const TONE: Record<string, string> = { activated: 'ok', deactivated: 'neutral', failed: 'error' };

export function LifecycleTimeline({ lifecycle }: { lifecycle: TActorDetail['lifecycle'] }) {
  return (
    <Card
      title="Lifecycle"
      headerExtra={<span className="muted">{lifecycle.length} recent</span>}
      testId="lifecycle-timeline"
    >
      {lifecycle.length === 0 ? (
        <p className="empty-inline">No transitions recorded yet.</p>
      ) : (
        <ol className="timeline">
          {lifecycle.map((entry) => (
            <li
              key={entry.id}
              className="timeline-item"
              data-tone={TONE[entry.event] ?? 'neutral'}
              data-testid="lifecycle-event"
              data-event={entry.event}
              data-reason={entry.reason ?? ''}
            >
              <span className="timeline-dot" aria-hidden="true" />
              <span className="timeline-event">{entry.event}</span>
              {entry.reason && (
                <span className="badge" data-tone={entry.reason.startsWith('error') ? 'error' : undefined}>
                  {entry.reason}
                </span>
              )}
              <time className="mono muted" dateTime={new Date(entry.at).toISOString()}>
                {new Date(entry.at).toLocaleTimeString(undefined, { hour12: false })}
              </time>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
