'use client';
// A list page's toolbar: filters or counts on the left, and on the right the button that opens an
// inline form ("Spawn actor" / "Close") just below the toolbar.
import { type ReactNode, useState } from 'react';

interface ListToolbarProps {
  /** Left side: filters, counts. */
  children: ReactNode;
  /** The button's text while the form is closed. */
  formLabel: string;
  toggleTestId: string;
  form: ReactNode;
}

export function ListToolbar({ children, formLabel, toggleTestId, form }: ListToolbarProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <div className="toolbar toolbar-spread">
        {children}
        <button
          type="button"
          className="button"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          data-testid={toggleTestId}
        >
          {open ? 'Close' : formLabel}
        </button>
      </div>
      {open && form}
    </>
  );
}
