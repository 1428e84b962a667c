'use client';
// The built-in sensor simulator: events per second over a number of sensors, fed into the pipeline.
// The fields show what runs now (until edited); Stop ends the simulator and leaves the pipeline running.
import { useMutation } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useRef } from 'react';
import { BusyButton } from '../../../_components/busy-button.tsx';
import { FormCard } from '../../../_components/card.tsx';
import { ErrorNote } from '../../../_components/error-note.tsx';
import { TextField } from '../../../_components/text-field.tsx';
import { formatRate } from '../../../_lib/format.ts';
import type { TPipelineSummary } from '../../../_lib/router-types.ts';
import { useTRPC } from '../../../_lib/trpc.ts';
import { useNumberField } from './number-field.ts';

const DEFAULT_RATE = 500;
const DEFAULT_SENSORS = 10;

interface SimulateFormProps {
  id: string;
  running: boolean;
  simulation: TPipelineSummary['simulation'];
  onDone: () => void;
}

export function SimulateForm({ id, running, simulation, onDone }: SimulateFormProps) {
  const trpc = useTRPC();
  const rate = useNumberField(String(simulation?.ratePerSec ?? DEFAULT_RATE), { min: 0.1, max: 1_000_000 });
  const sensors = useNumberField(String(simulation?.sensors ?? DEFAULT_SENSORS), {
    min: 1,
    max: 10_000,
    integer: true,
  });
  const simulate = useMutation(trpc.pipelines.simulate.mutationOptions({ onSuccess: onDone }));
  const stop = useMutation(trpc.pipelines.simulate.mutationOptions({ onSuccess: onDone }));
  useFollow(simulation ? String(simulation.ratePerSec) : null, rate.field);
  useFollow(simulation ? String(simulation.sensors) : null, sensors.field);

  const submit = () => {
    if (rate.value === undefined || sensors.value === undefined || simulate.isPending) return;
    simulate.mutate({ id, ratePerSec: rate.value, sensors: sensors.value });
  };
  const unchanged =
    simulation !== null && rate.value === simulation.ratePerSec && sensors.value === simulation.sensors;

  return (
    <FormCard
      title="Simulate sensors"
      onSubmit={submit}
      testId="simulate-form"
      headerExtra={
        simulation && (
          <span className="badge" data-tone="ok" data-testid="simulate-running">
            {formatRate(simulation.ratePerSec)} × {simulation.sensors}
          </span>
        )
      }
    >
      <div className="form-row">
        <TextField label="Rate (events/s)" testId="simulate-rate" {...rate.field} inputMode="decimal" mono />
        <TextField label="Sensors" testId="simulate-sensors" {...sensors.field} inputMode="numeric" mono />
        <BusyButton
          busy={simulate.isPending}
          busyLabel="Starting…"
          disabled={rate.value === undefined || sensors.value === undefined || unchanged}
          testId="simulate-submit"
        >
          {simulation ? 'Change' : 'Simulate'}
        </BusyButton>
        {simulation && (
          <BusyButton
            busy={stop.isPending}
            busyLabel="Stopping…"
            onClick={() => stop.mutate({ id, ratePerSec: 0, sensors: simulation.sensors })}
            testId="simulate-stop"
          >
            Stop simulator
          </BusyButton>
        )}
      </div>
      <p className="card-note">
        {!running
          ? 'Start the pipeline to feed it.'
          : simulation
            ? 'Stopping the simulator leaves the pipeline running (publish still works).'
            : 'Off: the pipeline takes published events only.'}
      </p>
      <ErrorNote error={simulate.error ?? stop.error} testId="simulate-error" />
    </FormCard>
  );
}

/** While the user has not edited it, the field shows the running simulation's value (set elsewhere too). */
function useFollow(value: string | null, field: ReturnType<typeof useNumberField>['field']) {
  const applied = useRef(field.value);
  const follow = useEffectEvent((next: string) => {
    if (field.value === applied.current && next !== field.value) field.onChange(next);
    applied.current = next;
  });
  useEffect(() => {
    if (value !== null) follow(value);
  }, [value]);
}
