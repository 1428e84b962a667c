'use client';
// Whether this server wants its access token and whether this browser is signed in: the cookie is
// HttpOnly (scripts cannot read it), so the server says (GET /auth/session, read once per page).
import { useQuery } from '@tanstack/react-query';

export interface TAuthSession {
  tokenRequired: boolean;
  signedIn: boolean;
}

export function useAuthSession() {
  return useQuery({
    queryKey: ['auth-session'],
    queryFn: async (): Promise<TAuthSession> => {
      const answer = await fetch('/auth/session', { cache: 'no-store' });
      if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
      return (await answer.json()) as TAuthSession;
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/** Clears the cookie on the server, then reloads: every view starts over without the token. */
export async function signOut(): Promise<void> {
  await fetch('/auth/logout', { method: 'POST' });
  window.location.reload();
}
