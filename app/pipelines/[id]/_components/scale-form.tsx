'use client';
// Rescale one operator while the pipeline runs: its keys move between partitions with their state.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { BusyButton } from '../../../_components/busy-button.tsx';
import { FormCard } from '../../../_components/card.tsx';
import { ErrorNote } from '../../../_components/error-note.tsx';
import { SelectField } from '../../../_components/select-field.tsx';
import { TextField } from '../../../_components/text-field.tsx';
import type { TPipelineSummary } from '../../../_lib/router-types.ts';
import { useTRPC } from '../../../_lib/trpc.ts';
import { useNumberField } from './number-field.ts';

export function ScaleForm({ pipeline, onDone }: { pipeline: TPipelineSummary; onDone: () => void }) {
  const trpc = useTRPC();
  const [operatorIndex, setOperatorIndex] = useState('0');
  const partitions = useNumberField('3', { min: 1, max: 64, integer: true });
  const scale = useMutation(trpc.pipelines.scale.mutationOptions({ onSuccess: onDone }));
  const current = pipeline.operators[Number(operatorIndex)];

  const submit = () => {
    if (partitions.value === undefined || scale.isPending) return;
    scale.mutate({ id: pipeline.id, operatorIndex: Number(operatorIndex), partitions: partitions.value });
  };

  return (
    <FormCard title="Scale operator" onSubmit={submit} testId="scale-form">
      <div className="form-row">
        <SelectField
          label="Operator"
          testId="scale-operator"
          value={operatorIndex}
          onChange={setOperatorIndex}
          options={pipeline.operators.map((op) => ({
            value: String(op.index),
            label: `#${op.index} ${op.kind} ×${op.partitions}`,
          }))}
        />
        <TextField
          label="Partitions"
          testId="scale-partitions"
          {...partitions.field}
          inputMode="numeric"
          mono
        />
        <BusyButton
          busy={scale.isPending}
          busyLabel="Scaling…"
          disabled={partitions.value === undefined || partitions.value === current?.partitions}
          testId="scale-submit"
        >
          Scale
        </BusyButton>
      </div>
      <p className="card-note">
        Keys move between partitions with their window state; per-sensor order is kept.
        {current?.autoscale &&
          ` #${current.index} autoscales within ${current.autoscale.min}–${current.autoscale.max}: a count outside is refused, and the autoscaler carries on from yours.`}
      </p>
      <ErrorNote error={scale.error} testId="scale-error" />
    </FormCard>
  );
}
