'use client';
// Create a pipeline: name, keying, event time (out-of-order bound, allowed lateness) and an ordered
// list of operators with per-kind settings, prefilled with the reference pipeline. Checked with the
// server's own schema before sending.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { BusyButton } from '../../_components/busy-button.tsx';
import { FormCard } from '../../_components/card.tsx';
import { ErrorNote } from '../../_components/error-note.tsx';
import { Options, SelectField } from '../../_components/select-field.tsx';
import { TextField } from '../../_components/text-field.tsx';
import { pipelineHref } from '../../_lib/routes.ts';
import { useTRPC } from '../../_lib/trpc.ts';
import { OperatorFields } from './operator-fields.tsx';
import './create-pipeline-form.css';
import {
  blankOperator,
  buildSpec,
  OPERATOR_KINDS,
  referenceDraft,
  type TOperatorDraft,
  type TOperatorKind,
  type TPipelineDraft,
} from './pipeline-draft.ts';

const MAX_OPERATORS = 16;
const KEY_BY: TPipelineDraft['keyBy'][] = ['sensorId', 'global'];

export function CreatePipelineForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [draft, setDraft] = useState<TPipelineDraft>(referenceDraft);
  const [touched, setTouched] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [nextKind, setNextKind] = useState<TOperatorKind>('map');
  const eventTimeTitle = useId();
  const create = useMutation(
    trpc.pipelines.create.mutationOptions({
      onSuccess: ({ id }) => {
        void queryClient.invalidateQueries(trpc.pipelines.list.queryFilter());
        router.push(pipelineHref(id));
      },
    }),
  );

  const { spec, errors } = buildSpec(draft);
  const showErrors = submitted || touched;
  const errorOf = (path: string) => (showErrors ? errors[path] : undefined);
  const invalid = Object.keys(errors).length > 0;

  const update = (patch: Partial<TPipelineDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setTouched(true);
    if (create.isError) create.reset();
  };
  const updateOperator = (uid: number, next: TOperatorDraft) =>
    update({ operators: draft.operators.map((op) => (op.uid === uid ? next : op)) });

  const submit = () => {
    setSubmitted(true);
    if (!spec || create.isPending) return; // invalid: nothing is sent
    create.mutate(spec);
  };

  const listError = errorOf('operators');
  return (
    <FormCard
      title="Create pipeline"
      className="form-card"
      onSubmit={submit}
      testId="create-pipeline-form"
      headerExtra={
        <button type="button" className="button-ghost" onClick={() => update(referenceDraft())}>
          Reset to reference
        </button>
      }
    >
      <div className="form-grid">
        <TextField
          label="Name"
          error={errorOf('name')}
          testId="pipeline-name"
          value={draft.name}
          onChange={(name) => update({ name })}
        />
        <SelectField
          label="Key by"
          hint="windows per sensor, or one global window"
          testId="pipeline-keyby"
          value={draft.keyBy}
          onChange={(keyBy) => update({ keyBy })}
          options={KEY_BY}
        />
        <TextField
          label="Priority"
          hint="scheduler weight · 0.1 … 10"
          error={errorOf('priority')}
          testId="pipeline-priority"
          value={draft.priority}
          onChange={(priority) => update({ priority })}
          inputMode="decimal"
        />
      </div>

      <section className="event-time-section" aria-labelledby={eventTimeTitle} data-testid="event-time">
        <h3 id={eventTimeTitle} className="form-subtitle">
          Event time
        </h3>
        <p className="muted event-time-note">
          Time windows close once a key&apos;s newest ts, minus the out-of-order bound, passes their end;
          records that arrive behind it go to the late stream.
        </p>
        <div className="form-grid">
          <TextField
            label="Max out of order (ms)"
            hint="how far a record may trail its sensor · empty: 0"
            error={errorOf('eventTime.maxOutOfOrderMs')}
            testId="pipeline-max-out-of-order"
            value={draft.maxOutOfOrderMs}
            onChange={(maxOutOfOrderMs) => update({ maxOutOfOrderMs })}
            inputMode="numeric"
            mono
          />
          <TextField
            label="Allowed lateness (ms)"
            hint="fired windows stay open, revised · empty: 0"
            error={errorOf('eventTime.allowedLatenessMs')}
            testId="pipeline-allowed-lateness"
            value={draft.allowedLatenessMs}
            onChange={(allowedLatenessMs) => update({ allowedLatenessMs })}
            inputMode="numeric"
            mono
          />
        </div>
      </section>

      <h3 className="form-subtitle">Operators · in order</h3>
      <ol className="operator-list" data-testid="operator-list">
        {draft.operators.map((op, index) => (
          <li key={op.uid} className="operator-item" data-testid="operator-item" data-kind={op.kind}>
            <div className="operator-item-head">
              <span className="badge mono">#{index}</span>
              <select
                value={op.kind}
                onChange={(e) => updateOperator(op.uid, { ...op, kind: e.target.value as TOperatorKind })}
                aria-label={`Operator ${index} kind`}
                data-testid={`operator-${index}-kind`}
              >
                <Options options={OPERATOR_KINDS} />
              </select>
              <button
                type="button"
                className="button-ghost"
                onClick={() => update({ operators: draft.operators.filter((o) => o.uid !== op.uid) })}
                aria-label={`Remove operator ${index}`}
                data-testid={`operator-${index}-remove`}
              >
                Remove
              </button>
            </div>
            <OperatorFields
              index={index}
              op={op}
              errorOf={errorOf}
              onChange={(next) => updateOperator(op.uid, next)}
            />
          </li>
        ))}
      </ol>
      {draft.operators.length === 0 && <p className="empty-inline">No operators: add at least one.</p>}
      {listError && (
        <p className="field-error" role="alert" data-testid="operators-error">
          {listError}
        </p>
      )}
      <div className="toolbar">
        <select
          value={nextKind}
          onChange={(e) => setNextKind(e.target.value as TOperatorKind)}
          aria-label="Kind of the new operator"
          data-testid="operator-add-kind"
        >
          <Options options={OPERATOR_KINDS} />
        </select>
        <button
          type="button"
          className="button-ghost"
          disabled={draft.operators.length >= MAX_OPERATORS}
          onClick={() => update({ operators: [...draft.operators, blankOperator(nextKind)] })}
          data-testid="operator-add"
        >
          + Add operator
        </button>
      </div>

      <div className="form-actions">
        <BusyButton
          busy={create.isPending}
          busyLabel="Creating…"
          disabled={showErrors && invalid}
          testId="create-submit"
        >
          Create pipeline
        </BusyButton>
        {showErrors && invalid && (
          <span className="field-error" data-testid="create-invalid">
            Fix the highlighted fields to create the pipeline.
          </span>
        )}
      </div>
      <ErrorNote error={create.error} testId="create-error" />
    </FormCard>
  );
}
