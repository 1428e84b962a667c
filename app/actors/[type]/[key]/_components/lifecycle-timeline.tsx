// Activations, deactivations and failures, newest first, each with why: the stored reason (idle,
// evicted, manual, shutdown, destroyed, redeployed, error) in words, and for an activation the turn
// that ran right after it (what woke it: a message or an alarm), from the journal; the runtime
// records no reason for activations.
import { Card } from '../../../../_components/card.tsx';
import { formatClock, formatMs } from '../../../../_lib/format.ts';
import type { TActorDetail } from '../../../../_lib/router-types.ts';

const TONE: Record<string, string> = { activated: 'ok', deactivated: 'neutral', failed: 'error' };

type TEntry = TActorDetail['lifecycle'][number];

/** What a stored reason means, in a sentence (the reason itself is the badge). */
export function explainReason(reason: string | null, idleTimeoutMs: number): string | null {
  if (reason === null) return null;
  const [code, ...rest] = reason.split(': ');
  const detail = rest.join(': ');
  switch (code) {
    case 'idle':
      return `no message for ${formatMs(idleTimeoutMs)} (its idle timeout)`;
    case 'evicted':
      return 'evicted to make room: the runtime holds at most so many actors in memory';
    case 'manual':
      return 'deactivated on request (Deactivate, or actors.deactivate)';
    case 'shutdown':
      return 'the server shut down and flushed it';
    case 'destroyed':
      return 'destroyed: its state, journal and alarms were deleted';
    case 'redeployed':
      return 'new code for its type was deployed; the next message runs it';
    case 'error':
      return detail ? `failed: ${detail}` : 'failed';
    default:
      return detail || null;
  }
}

/** A turn this soon after an activation is the message (or alarm) that caused it. */
const WOKEN_BY_MS = 1000;

/**
 * The journaled turn that woke an activated actor: the first one right after it (and before the next
 * transition). None for an activation with no turn soon after (a spawn, a seed, a failed wake-up).
 */
function firstTurn(entry: TEntry, newer: TEntry | undefined, journal: TActorDetail['journal']) {
  let first: TActorDetail['journal'][number] | undefined;
  for (const turn of journal) {
    if (turn.at < entry.at || turn.at > entry.at + WOKEN_BY_MS || (newer && turn.at > newer.at)) continue;
    if (!first || turn.at < first.at) first = turn;
  }
  return first;
}

interface LifecycleTimelineProps {
  lifecycle: TActorDetail['lifecycle'];
  journal: TActorDetail['journal'];
  idleTimeoutMs: number;
}

export function LifecycleTimeline({ lifecycle, journal, idleTimeoutMs }: LifecycleTimelineProps) {
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
          {lifecycle.map((entry, i) => {
            const turn =
              entry.event === 'activated' ? firstTurn(entry, lifecycle[i - 1], journal) : undefined;
            const why = explainReason(entry.reason, idleTimeoutMs);
            return (
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
                    {entry.reason.split(': ')[0]}
                  </span>
                )}
                {(why || turn) && (
                  <span
                    className="timeline-why muted"
                    title={why ?? `first turn: ${turn?.action}`}
                    data-testid="lifecycle-why"
                  >
                    {why ?? (
                      <>
                        first turn: <span className="mono">{turn?.action}</span>
                      </>
                    )}
                  </span>
                )}
                <time className="mono muted" dateTime={new Date(entry.at).toISOString()}>
                  {formatClock(entry.at)}
                </time>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
