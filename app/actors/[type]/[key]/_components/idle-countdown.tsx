// Time left before an idle actor is deactivated (the deadline moves with every message).
import { formatClock } from '../../../../_lib/format.ts';

export function IdleCountdown({ deadline, now }: { deadline: number | null; now: number }) {
  if (deadline === null) return null;
  // `now` ticks once a second, so it may lag by up to a second: round down, never show more than is left.
  const left = Math.floor((deadline - now) / 1000);
  return (
    <span
      className="badge"
      data-tone={left <= 5 ? 'warn' : undefined}
      title={`Deactivates at ${formatClock(deadline)} unless a message arrives`}
      data-testid="idle-countdown"
    >
      {left > 0 ? `idle in ${left}s` : 'deactivating…'}
    </span>
  );
}
