'use client';
// In the offline banner when the server runs with TROUPE_TOKEN and this browser has not signed in:
// the token is posted once to /auth/login, which sets an HttpOnly cookie for tRPC and the socket;
// then the page reloads. Sign-out is in the top bar (session-controls.tsx).
import { type FormEvent, useState } from 'react';

export function SignInForm() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: token.trim() }),
      });
      if (response.ok) {
        window.location.reload();
        return;
      }
      setError(
        response.status === 401 ? 'That token is not valid.' : `Sign-in failed (HTTP ${response.status}).`,
      );
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="sign-in" onSubmit={submit} data-testid="sign-in-form">
      <input
        type="password"
        autoComplete="current-password"
        placeholder="token"
        aria-label="Access token"
        value={token}
        onChange={(e) => setToken(e.target.value)}
        data-testid="sign-in-token"
      />
      <button type="submit" className="button" disabled={!token.trim() || busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
