'use client';
// Above every page while the dashboard is not live, saying why: the server wants its access token
// (with the sign-in form), the connection was lost (since when; it reconnects by itself), or the
// server cannot be reached at all. Live panels meanwhile mark their data stale (stale-badge.tsx).
import { formatClock } from '../_lib/format.ts';
import { useSocket } from '../_lib/socket.tsx';
import { useAuthSession } from '../_lib/use-auth-session.ts';
import { SignInForm } from './sign-in-form.tsx';

export function OfflineBanner() {
  const { connected, connectError, disconnectedAt } = useSocket();
  const session = useAuthSession().data;
  if (connected) return null;
  const needsToken =
    connectError?.startsWith('UNAUTHORIZED') || (session?.tokenRequired === true && !session.signedIn);
  if (needsToken) {
    return (
      <div className="offline-banner" role="status" data-testid="offline-banner" data-reason="token">
        <p>
          <strong>Offline: this server requires its access token</strong> (it runs with{' '}
          <code>TROUPE_TOKEN</code>). Nothing live or from the control plane is shown until this browser signs
          in with it.
        </p>
        <SignInForm />
      </div>
    );
  }
  if (disconnectedAt) {
    return (
      <div className="offline-banner" role="status" data-testid="offline-banner" data-reason="lost">
        <p>
          <strong>Offline since {formatClock(disconnectedAt)}: the connection to the server was lost</strong>{' '}
          (network down, or the server stopped). Reconnecting by itself… Live panels show the data they had
          and their controls wait; what was missed is loaded when the connection is back.
        </p>
      </div>
    );
  }
  if (connectError) {
    return (
      <div className="offline-banner" role="status" data-testid="offline-banner" data-reason="unreachable">
        <p>
          <strong>Offline: cannot reach the server</strong> ({connectError}). Retrying…
        </p>
      </div>
    );
  }
  return null;
}
