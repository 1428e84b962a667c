'use client';
// The built-in sensor simulator: events per second over a number of sensors, fed into the pipeline,
// with seed, value range and disorder behind an "advanced" disclosure (simulate-advanced.tsx).
// The fields show what runs now (until edited); Stop ends the simulator and leaves the pipeline running.
import { useMutation } from '@tanstack/react-query';
import { BusyButton } from '../../../_components/busy-button.tsx';
import { FormCard } from '../../../_components/card.tsx';
import { ErrorNote } from '../../../_components/error-note.tsx';
import { TextField } from '../../../_components/text-field.tsx';
import { formatCount, formatRate } from '../../../_lib/format.ts';
import type { TPipelineSummary } from '../../../_lib/router-types.ts';
import { useTRPC } from '../../../_lib/trpc.ts';
import { useNumberField } from './number-field.ts';
import { SimulateAdvancedFields, useAdvancedOptions, useFollow } from './simulate-advanced.tsx';

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
  const advanced = useAdvancedOptions(simulation);
  const invalid = rate.value === undefined || sensors.value === undefined || advanced.value === undefined;

  const submit = () => {
    if (rate.value === undefined || sensors.value === undefined || !advanced.value || simulate.isPending)
      return;
    simulate.mutate({ id, ratePerSec: rate.value, sensors: sensors.value, ...advanced.value });
  };
  const unchanged =
    simulation !== null &&
    rate.value === simulation.ratePerSec &&
    sensors.value === simulation.sensors &&
    advanced.matches(simulation);

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
          disabled={invalid || unchanged}
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
      <SimulateAdvancedFields advanced={advanced} simulation={simulation} />
      <p className="card-note">
        {simulation && (
          <span data-testid="simulate-stats">
            {formatCount(simulation.sent)} sent · {formatCount(simulation.rejected)} rejected ·{' '}
            {formatCount(simulation.skippedTicks)} ticks skipped · {formatCount(simulation.delayed)} out of
            order · {formatCount(simulation.late)} late · seed {simulation.seed}.{' '}
          </span>
        )}
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
