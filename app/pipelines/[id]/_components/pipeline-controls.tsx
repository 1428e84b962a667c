'use client';
// Run controls: start/stop (stop also ends the simulator), the built-in sensor simulator, rescaling
// one operator while the pipeline runs, and deleting the pipeline.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { ConfirmDialog } from '../../../_components/confirm-dialog.tsx';
import { ErrorNote } from '../../../_components/error-note.tsx';
import { FormField } from '../../../_components/form-field.tsx';
import type { TPipelineSummary } from '../../../_lib/router-types.ts';
import { useTRPC } from '../../../_lib/trpc.ts';

/** A number field's text -> value, or the message to show. */
function parseNumber(text: string, { min, max, integer }: { min: number; max: number; integer?: boolean }) {
  if (text.trim() === '') return { error: 'Required' };
  const value = Number(text);
  if (!Number.isFinite(value)) return { error: 'Must be a number' };
  if (integer && !Number.isInteger(value)) return { error: 'Must be an integer' };
  if (value < min) return { error: `Must be at least ${min}` };
  if (value > max) return { error: `Must be at most ${max}` };
  return { value };
}

export function PipelineControls({ pipeline }: { pipeline: TPipelineSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { id } = pipeline;
  // The room pushes the new state within 200 ms; one refetch makes the button feel immediate.
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.pipelines.get.queryKey({ id }) });
  const start = useMutation(trpc.pipelines.start.mutationOptions({ onSuccess: refresh }));
  const stop = useMutation(trpc.pipelines.stop.mutationOptions({ onSuccess: refresh }));
  const running = pipeline.status === 'running';

  return (
    <div className="controls-grid">
      <section className="card" aria-labelledby="run-title">
        <header className="card-header">
          <h2 id="run-title">Run</h2>
        </header>
        <div className="toolbar">
          {running ? (
            <button
              type="button"
              className="button"
              onClick={() => stop.mutate({ id })}
              disabled={stop.isPending}
              data-testid="pipeline-stop"
            >
              {stop.isPending ? 'Stopping…' : 'Stop'}
            </button>
          ) : (
            <button
              type="button"
              className="button"
              onClick={() => start.mutate({ id })}
              disabled={start.isPending}
              data-testid="pipeline-start"
            >
              {start.isPending ? 'Starting…' : 'Start'}
            </button>
          )}
          <DeleteButton id={id} />
        </div>
        <p className="card-note">
          {running
            ? 'Accepting events. Stop pauses intake and ends the simulator.'
            : 'Stopped: publishing is refused until started.'}
        </p>
        <ErrorNote error={start.error ?? stop.error} testId="run-error" />
      </section>
      <SimulateForm id={id} running={running} onDone={refresh} />
      <ScaleForm pipeline={pipeline} onDone={refresh} />
    </div>
  );
}

function SimulateForm({ id, running, onDone }: { id: string; running: boolean; onDone: () => void }) {
  const trpc = useTRPC();
  const [rate, setRate] = useState('500');
  const [sensors, setSensors] = useState('10');
  const simulate = useMutation(trpc.pipelines.simulate.mutationOptions({ onSuccess: onDone }));
  const rateField = parseNumber(rate, { min: 0.1, max: 1_000_000 });
  const sensorsField = parseNumber(sensors, { min: 1, max: 10_000, integer: true });
  const valid = rateField.value !== undefined && sensorsField.value !== undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (rateField.value === undefined || sensorsField.value === undefined || simulate.isPending) return;
    simulate.mutate({ id, ratePerSec: rateField.value, sensors: sensorsField.value });
  };

  return (
    <form
      className="card"
      onSubmit={submit}
      noValidate
      aria-labelledby="simulate-title"
      data-testid="simulate-form"
    >
      <header className="card-header">
        <h2 id="simulate-title">Simulate sensors</h2>
      </header>
      <div className="form-row">
        <FormField label="Rate (events/s)" error={rateField.error} testId="simulate-rate">
          <input
            type="text"
            inputMode="decimal"
            className="mono"
            value={rate}
            onChange={(e) => setRate(e.target.value)}
            data-testid="simulate-rate"
          />
        </FormField>
        <FormField label="Sensors" error={sensorsField.error} testId="simulate-sensors">
          <input
            type="text"
            inputMode="numeric"
            className="mono"
            value={sensors}
            onChange={(e) => setSensors(e.target.value)}
            data-testid="simulate-sensors"
          />
        </FormField>
        <button
          type="submit"
          className="button"
          disabled={!valid || simulate.isPending}
          data-testid="simulate-submit"
        >
          {simulate.isPending ? 'Starting…' : 'Simulate'}
        </button>
      </div>
      {!running && <p className="card-note">Start the pipeline to feed it.</p>}
      <ErrorNote error={simulate.error} testId="simulate-error" />
    </form>
  );
}

function ScaleForm({ pipeline, onDone }: { pipeline: TPipelineSummary; onDone: () => void }) {
  const trpc = useTRPC();
  const [operatorIndex, setOperatorIndex] = useState('0');
  const [partitions, setPartitions] = useState('3');
  const scale = useMutation(trpc.pipelines.scale.mutationOptions({ onSuccess: onDone }));
  const field = parseNumber(partitions, { min: 1, max: 64, integer: true });
  const current = pipeline.operators[Number(operatorIndex)];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (field.value === undefined || scale.isPending) return;
    scale.mutate({ id: pipeline.id, operatorIndex: Number(operatorIndex), partitions: field.value });
  };

  return (
    <form
      className="card"
      onSubmit={submit}
      noValidate
      aria-labelledby="scale-title"
      data-testid="scale-form"
    >
      <header className="card-header">
        <h2 id="scale-title">Scale operator</h2>
      </header>
      <div className="form-row">
        <FormField label="Operator" testId="scale-operator">
          <select
            value={operatorIndex}
            onChange={(e) => setOperatorIndex(e.target.value)}
            data-testid="scale-operator"
          >
            {pipeline.operators.map((op) => (
              <option key={op.index} value={op.index}>
                #{op.index} {op.kind} ×{op.partitions}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label="Partitions" error={field.error} testId="scale-partitions">
          <input
            type="text"
            inputMode="numeric"
            className="mono"
            value={partitions}
            onChange={(e) => setPartitions(e.target.value)}
            data-testid="scale-partitions"
          />
        </FormField>
        <button
          type="submit"
          className="button"
          disabled={field.value === undefined || scale.isPending || field.value === current?.partitions}
          data-testid="scale-submit"
        >
          {scale.isPending ? 'Scaling…' : 'Scale'}
        </button>
      </div>
      <p className="card-note">
        Keys move between partitions with their window state; per-sensor order is kept.
      </p>
      <ErrorNote error={scale.error} testId="scale-error" />
    </form>
  );
}

function DeleteButton({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.pipelines.delete.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        queryClient.removeQueries({ queryKey: trpc.pipelines.get.queryKey({ id }) });
        void queryClient.invalidateQueries(trpc.pipelines.list.queryFilter());
        router.push('/pipelines');
      },
    }),
  );
  return (
    <>
      <button
        type="button"
        className="button-ghost"
        data-tone="danger"
        onClick={() => {
          remove.reset();
          setOpen(true);
        }}
        data-testid="pipeline-delete"
      >
        Delete
      </button>
      <ConfirmDialog
        open={open}
        title={`Delete pipeline ${id}?`}
        confirmLabel="Delete"
        tone="danger"
        busy={remove.isPending}
        onConfirm={() => remove.mutate({ id })}
        onCancel={() => setOpen(false)}
        testId="pipeline-delete-dialog"
      >
        <p>Intake stops, then its operators' state, its results and its spec are deleted.</p>
        <ErrorNote error={remove.error} testId="pipeline-delete-error" />
      </ConfirmDialog>
    </>
  );
}
