// A labelled one-line text input with its hint and validation message; numbers are typed as text
// (inputMode picks the keypad) so the form, not the browser, says what is wrong with them.
import { FormField } from './form-field.tsx';

interface TextFieldProps {
  label: string;
  hint?: string;
  error?: string | null;
  /** The input's test id; the message gets `<testId>-error`. */
  testId: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  inputMode?: 'decimal' | 'numeric';
  /** Monospaced digits, for numbers. */
  mono?: boolean;
  placeholder?: string;
}

export function TextField({ label, hint, error, testId, onChange, mono, ...input }: TextFieldProps) {
  return (
    <FormField label={label} hint={hint} error={error} testId={testId}>
      <input
        type="text"
        className={mono ? 'mono' : undefined}
        {...input}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        data-testid={testId}
      />
    </FormField>
  );
}
