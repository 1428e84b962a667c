'use client';
// Invoke an action: the form is generated from the action's input JSON Schema (`actors.types`),
// validated by the schema's rules before anything is sent, in ask (wait for the result and the new
// version) or tell (fire and forget) mode.
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { BusyButton } from '../../../../_components/busy-button.tsx';
import { Card } from '../../../../_components/card.tsx';
import { ErrorNote } from '../../../../_components/error-note.tsx';
import { JsonView } from '../../../../_components/json-view.tsx';
import { SelectField } from '../../../../_components/select-field.tsx';
import {
  buildArgs,
  formFromSchema,
  initialValues,
  type TFormValues,
} from '../../../../_lib/json-schema-form.ts';
import type { TActorTypeInfo } from '../../../../_lib/router-types.ts';
import { useTRPC } from '../../../../_lib/trpc.ts';
import { SchemaFields } from './schema-fields.tsx';

interface InvokePanelProps {
  address: { type: string; key: string };
  /** The state version the page shows: a reply at the same version changed nothing. */
  version: number;
  typeInfo: TActorTypeInfo | undefined;
  typesError: unknown;
  typesLoading: boolean;
  onInvoked: () => void;
}

export function InvokePanel({
  address,
  version,
  typeInfo,
  typesError,
  typesLoading,
  onInvoked,
}: InvokePanelProps) {
  const actions = typeInfo?.actions ?? [];
  const [actionName, setActionName] = useState<string | null>(null);
  // The newest version known here: the page's (from pushes) or a reply's, which may arrive first.
  const [replied, setReplied] = useState(0);
  const known = Math.max(version, replied);
  const action = actions.find((a) => a.name === actionName) ?? actions[0];

  return (
    <Card title="Invoke" testId="invoke-panel">
      {typesLoading && <p className="empty-inline">Loading actions…</p>}
      <ErrorNote error={typesError} title="Could not load actor types" />
      {!typesLoading && !typesError && !typeInfo && (
        <p className="empty-inline" data-testid="invoke-unknown-type">
          Type <span className="mono">{address.type}</span> is not registered.
        </p>
      )}
      {typeInfo && actions.length === 0 && <p className="empty-inline">This type has no actions.</p>}
      {action && (
        <>
          <SelectField
            label="Action"
            testId="invoke-action"
            value={action.name}
            onChange={setActionName}
            options={actions.map((a) => a.name)}
          />
          {action.description && <Description text={action.description} />}
          {/* Keyed by action: switching actions starts from that action's defaults. */}
          <InvokeForm
            key={action.name}
            address={address}
            version={known}
            action={action}
            onInvoked={(reply) => {
              if (reply !== null) setReplied((v) => Math.max(v, reply));
              onInvoked();
            }}
          />
        </>
      )}
    </Card>
  );
}

function InvokeForm({
  address,
  version,
  action,
  onInvoked,
}: {
  address: { type: string; key: string };
  version: number;
  action: TActorTypeInfo['actions'][number];
  /** With the reply's version (null for a tell). */
  onInvoked: (version: number | null) => void;
}) {
  const trpc = useTRPC();
  const model = useMemo(() => formFromSchema(action.input), [action.input]);
  const [values, setValues] = useState<TFormValues>(() => initialValues(model));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [mode, setMode] = useState<'ask' | 'tell'>('ask');
  // The version before this call: a reply at that same version means the turn changed nothing.
  const [versionBefore, setVersionBefore] = useState(version);
  const invoke = useMutation(
    trpc.actors.invoke.mutationOptions({
      onSuccess: (reply) => onInvoked('version' in reply ? reply.version : null),
    }),
  );

  const { valid, errors, args } = buildArgs(model, values);
  const visible = (name: string) => (submitted || touched[name] ? errors[name] : undefined);
  const blocked = !valid && (submitted || Object.values(touched).some(Boolean));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!valid || invoke.isPending) return; // invalid: nothing is sent
    setVersionBefore(version);
    invoke.mutate({ ...address, action: action.name, args, mode });
  };

  const data = invoke.data;
  return (
    <form onSubmit={submit} noValidate data-testid="invoke-form" aria-label={`Invoke ${action.name}`}>
      <SchemaFields
        model={model}
        values={values}
        errorOf={visible}
        onChange={(name, value) => {
          setValues((v) => ({ ...v, [name]: value }));
          setTouched((t) => ({ ...t, [name]: true }));
        }}
      />
      <div className="form-actions">
        <fieldset className="segmented" aria-label="Mode">
          {(['ask', 'tell'] as const).map((m) => (
            <label key={m} data-checked={mode === m} data-testid={`invoke-mode-${m}`}>
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
              {m}
            </label>
          ))}
        </fieldset>
        <BusyButton busy={invoke.isPending} busyLabel="Invoking…" disabled={blocked} testId="invoke-submit">
          Invoke {action.name}
        </BusyButton>
      </div>
      <ErrorNote error={invoke.error} testId="invoke-error" />
      {data && !invoke.isPending && (
        <div className="invoke-result" data-testid="invoke-outcome">
          {'queued' in data ? (
            <p>
              <span className="badge">tell</span> queued; the state updates when the turn runs.
            </p>
          ) : (
            <>
              <p data-changed={data.version !== versionBefore} data-testid="invoke-summary">
                <span className="badge" data-tone="ok">
                  ok
                </span>{' '}
                {data.version !== versionBefore ? 'new version ' : 'read only: no change, still '}
                <span className="mono" data-testid="invoke-version">
                  v{data.version}
                </span>
              </p>
              <JsonView value={data.result} testId="invoke-result" />
            </>
          )}
        </div>
      )}
    </form>
  );
}

/** An action's description; `backticked` words render as code. */
function Description({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <p className="field-description">
      {parts.map((part, i) =>
        // Odd parts were between backticks. Parts never reorder, so the index is a stable key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        i % 2 === 1 ? <code key={i}>{part}</code> : <span key={i}>{part}</span>,
      )}
    </p>
  );
}
