'use client';
// A ghost button that asks first: it opens a confirmation dialog, runs the mutation on confirm,
// closes when it succeeds and shows its error in the dialog when it fails.
import { type ReactNode, useState } from 'react';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { ErrorNote } from './error-note.tsx';

/** The part of a React Query mutation this needs. */
interface TConfirmable<V> {
  isPending: boolean;
  error: unknown;
  reset(): void;
  mutate(variables: V, options: { onSuccess: () => void }): void;
}

interface ConfirmActionProps<V> {
  /** The button's text and the dialog's confirm label. */
  label: string;
  /** The dialog's question, e.g. "Delete pipeline x?". */
  question: string;
  mutation: TConfirmable<V>;
  variables: V;
  tone?: 'danger';
  disabled?: boolean;
  /** The button's tooltip. */
  hint?: string;
  testId: string;
  dialogTestId: string;
  errorTestId: string;
  /** What happens, said in the dialog. */
  children: ReactNode;
}

export function ConfirmAction<V>(props: ConfirmActionProps<V>) {
  const { label, question, mutation, variables, tone, disabled, hint, testId, dialogTestId, errorTestId } =
    props;
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button-ghost"
        data-tone={tone}
        disabled={disabled}
        title={hint}
        onClick={() => {
          mutation.reset();
          setOpen(true);
        }}
        data-testid={testId}
      >
        {label}
      </button>
      <ConfirmDialog
        open={open}
        title={question}
        confirmLabel={label}
        tone={tone}
        busy={mutation.isPending}
        onConfirm={() => mutation.mutate(variables, { onSuccess: () => setOpen(false) })}
        onCancel={() => setOpen(false)}
        testId={dialogTestId}
      >
        {props.children}
        <ErrorNote error={mutation.error} testId={errorTestId} />
      </ConfirmDialog>
    </>
  );
}
