'use client';
// Top bar, token mode only: who this browser is to the server, and the way out (sign-out clears the
// HttpOnly cookie the sign-in set). Without a token configured there is nothing to show.
import { useState } from 'react';
import { signOut, useAuthSession } from '../_lib/use-auth-session.ts';

export function SessionControls() {
  const { data } = useAuthSession();
  const [busy, setBusy] = useState(false);
  if (!data?.tokenRequired) return null;
  if (!data.signedIn) {
    return (
      <span className="session-note" data-testid="session-state">
        token required
      </span>
    );
  }
  return (
    <div className="session" data-testid="session-state" data-signed-in="true">
      <span className="session-note">signed in with the token</span>
      <button
        type="button"
        className="button-ghost"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void signOut();
        }}
        data-testid="sign-out"
      >
        {busy ? 'Signing out…' : 'Sign out'}
      </button>
    </div>
  );
}
