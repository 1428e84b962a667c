// Actors: placeholder until the actor registry views land.
import type { Metadata } from 'next';
import { PageHeader } from '../_components/page-header.tsx';

export const metadata: Metadata = { title: 'Actors' };

export default function ActorsPage() {
  return (
    <>
      <PageHeader
        title="Actors"
        description="Every actor type registered with the runtime and its live activations."
      />
      <section className="empty-state" data-testid="actors-placeholder">
        <h2>No actor views yet</h2>
        <p>This page will list:</p>
        <ul>
          <li>actor types with their activation counts and idle timeouts;</li>
          <li>each activation's lifecycle state, mailbox depth and last turn;</li>
          <li>an actor's persisted state, with a form to invoke its actions;</li>
          <li>activations, turns and errors streamed live over the socket.</li>
        </ul>
      </section>
    </>
  );
}
