// A labelled select, and the option list every select here builds from an array of values.
import type { ReactNode } from 'react';
import { FormField } from './form-field.tsx';

export type TOption<T extends string> = T | { value: T; label: ReactNode };

/** `<option>`s for values (shown as themselves) or { value, label } pairs. */
export function Options<T extends string>({ options }: { options: readonly TOption<T>[] }) {
  return options.map((option) => {
    const { value, label } = typeof option === 'string' ? { value: option, label: option } : option;
    return (
      <option key={value} value={value}>
        {label}
      </option>
    );
  });
}

interface SelectFieldProps<T extends string> {
  label: string;
  hint?: string;
  error?: string | null;
  /** The select's test id; the message gets `<testId>-error`. */
  testId: string;
  value: T;
  onChange: (value: T) => void;
  options: readonly TOption<T>[];
  disabled?: boolean;
  /** Options before the list, e.g. a placeholder while it loads. */
  children?: ReactNode;
}

export function SelectField<T extends string>(props: SelectFieldProps<T>) {
  const { label, hint, error, testId, value, onChange, options, disabled, children } = props;
  return (
    <FormField label={label} hint={hint} error={error} testId={testId}>
      <select
        value={value}
        // The options are exactly `options`, so the chosen value is one of T.
        onChange={(e) => onChange(e.target.value as T)}
        data-testid={testId}
        disabled={disabled}
      >
        {children}
        <Options options={options} />
      </select>
    </FormField>
  );
}
