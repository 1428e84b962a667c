'use client';
// The built-in sensor simulator: events per second over a number of sensors, fed into the pipeline.
import { useMutation } from '@tanstack/react-query';
import { BusyButton } from '../../../_components/busy-button.tsx';
import { FormCard } from '../../../_components/card.tsx';
import { ErrorNote } from '../../../_components/error-note.tsx';
import { TextField } from '../../../_components/text-field.tsx';
import { useTRPC } from '../../../_lib/trpc.ts';
import { useNumberField } from './number-field.ts';

export function SimulateForm({ id, running, onDone }: { id: string; running: boolean; onDone: () => void }) {
  const trpc = useTRPC();
  const rate = useNumberField('500', { min: 0.1, max: 1_000_000 });
  const sensors = useNumberField('10', { min: 1, max: 10_000, integer: true });
  const simulate = useMutation(trpc.pipelines.simulate.mutationOptions({ onSuccess: onDone }));

  const submit = () => {
    if (rate.value === undefined || sensors.value === undefined || simulate.isPending) return;
    simulate.mutate({ id, ratePerSec: rate.value, sensors: sensors.value });
  };

  return (
    <FormCard title="Simulate sensors" onSubmit={submit} testId="simulate-form">
      <div className="form-row">
        <TextField label="Rate (events/s)" testId="simulate-rate" {...rate.field} inputMode="decimal" mono />
        <TextField label="Sensors" testId="simulate-sensors" {...sensors.field} inputMode="numeric" mono />
        <BusyButton
          busy={simulate.isPending}
          busyLabel="Starting…"
          disabled={rate.value === undefined || sensors.value === undefined}
          testId="simulate-submit"
        >
          Simulate
        </BusyButton>
      </div>
      {!running && <p className="card-note">Start the pipeline to feed it.</p>}
      <ErrorNote error={simulate.error} testId="simulate-error" />
    </FormCard>
  );
}
