// A primary button that says what it is doing while its request runs (and cannot be pressed twice).
import type { ReactNode } from 'react';

interface BusyButtonProps {
  busy: boolean;
  /** Shown while busy, e.g. "Starting…". */
  busyLabel: string;
  /** Disabled for another reason (invalid input, nothing to change). */
  disabled?: boolean;
  /** Without onClick the button submits its form. */
  onClick?: () => void;
  testId: string;
  children: ReactNode;
}

export function BusyButton({ busy, busyLabel, disabled, onClick, testId, children }: BusyButtonProps) {
  return (
    <button
      type={onClick ? 'button' : 'submit'}
      className="button"
      onClick={onClick}
      disabled={disabled || busy}
      data-testid={testId}
    >
      {busy ? busyLabel : children}
    </button>
  );
}
