// A list query's four faces, the same on every list page: loading, failed, empty, or its rows.
import type { ReactNode } from 'react';
import { ErrorNote } from './error-note.tsx';

interface ListStatesProps<T> {
  query: { isPending: boolean; error: unknown; data: T | undefined };
  /** Plural noun: "actors" gives "Loading actors…", "Could not list actors", test ids actors-loading/-error/-empty. */
  noun: string;
  isEmpty: (data: T) => boolean;
  /** What to say when there is nothing to list. */
  empty: ReactNode;
  children: (data: T) => ReactNode;
}

export function ListStates<T>({ query, noun, isEmpty, empty, children }: ListStatesProps<T>) {
  if (query.isPending) {
    return (
      <p className="empty-inline" data-testid={`${noun}-loading`}>
        Loading {noun}…
      </p>
    );
  }
  if (query.error) {
    return (
      <div className="card-pad">
        <ErrorNote error={query.error} testId={`${noun}-error`} title={`Could not list ${noun}`} />
      </div>
    );
  }
  if (query.data === undefined) return null;
  if (isEmpty(query.data)) {
    return (
      <p className="empty-inline" data-testid={`${noun}-empty`}>
        {empty}
      </p>
    );
  }
  return children(query.data);
}
