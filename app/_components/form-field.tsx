// A labelled form control with an optional hint and its validation message.
import type { ReactNode } from 'react';

interface FormFieldProps {
  label: string;
  hint?: string;
  error?: string | null;
  /** The control's test id; the message gets `<testId>-error`. */
  testId?: string;
  className?: string;
  children: ReactNode;
}

export function FormField({ label, hint, error, testId, className, children }: FormFieldProps) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control comes in as `children`, inside the label
    <label className={className ? `field ${className}` : 'field'} data-invalid={error ? true : undefined}>
      <span className="field-label">{label}</span>
      {children}
      {hint && !error && <span className="field-hint">{hint}</span>}
      {error && (
        <span className="field-error" role="alert" data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </span>
      )}
    </label>
  );
}
