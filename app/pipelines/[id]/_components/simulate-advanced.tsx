'use client';
// The simulator's advanced options behind a disclosure: seed, value range and disorder (events
// delivered out of order or late, to watch watermarks at work). Checked as typed with the server's
// bounds and cross-field rules, so the form says what is wrong before anything is sent.
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { TextField } from '../../../_components/text-field.tsx';
import type { TPipelineSummary } from '../../../_lib/router-types.ts';
import { parseNumber, useNumberField } from './number-field.ts';
import './simulate-advanced.css';

type TSimulation = NonNullable<TPipelineSummary['simulation']>;

export interface TAdvancedOptions {
  seed?: number;
  min: number;
  max: number;
  outOfOrderMs: number;
  outOfOrderRatio: number;
  lateRatio: number;
  lateByMs: number;
}

const BOTH_OR_NEITHER = 'Set both above 0, or both to 0';

/** The advanced fields' state, following the running simulation while the user has not edited them. */
export function useAdvancedOptions(simulation: TPipelineSummary['simulation']) {
  const [seedText, setSeedText] = useState('');
  const seed = parseOptionalSeed(seedText);
  const min = useNumberField(String(simulation?.min ?? 0), { min: -1e9, max: 1e9 });
  const max = useNumberField(String(simulation?.max ?? 100), { min: -1e9, max: 1e9 });
  const outOfOrderMs = useNumberField(String(simulation?.outOfOrderMs ?? 0), {
    min: 0,
    max: 60_000,
    integer: true,
  });
  const outOfOrderRatio = useNumberField(String(simulation?.outOfOrderRatio ?? 0), { min: 0, max: 1 });
  const lateByMs = useNumberField(String(simulation?.lateByMs ?? 0), { min: 0, max: 600_000, integer: true });
  const lateRatio = useNumberField(String(simulation?.lateRatio ?? 0), { min: 0, max: 1 });
  useFollow(simulation ? String(simulation.min) : null, min.field);
  useFollow(simulation ? String(simulation.max) : null, max.field);
  useFollow(simulation ? String(simulation.outOfOrderMs) : null, outOfOrderMs.field);
  useFollow(simulation ? String(simulation.outOfOrderRatio) : null, outOfOrderRatio.field);
  useFollow(simulation ? String(simulation.lateByMs) : null, lateByMs.field);
  useFollow(simulation ? String(simulation.lateRatio) : null, lateRatio.field);

  // The rules between fields (the server checks the same: simulation-options.ts).
  const both = (a?: number, b?: number) =>
    a !== undefined && b !== undefined && a > 0 !== b > 0 ? BOTH_OR_NEITHER : null;
  const cross = {
    max:
      min.value !== undefined && max.value !== undefined && max.value <= min.value
        ? 'Must be greater than min'
        : null,
    outOfOrderRatio: both(outOfOrderMs.value, outOfOrderRatio.value),
    lateRatio:
      both(lateByMs.value, lateRatio.value) ??
      ((outOfOrderRatio.value ?? 0) + (lateRatio.value ?? 0) > 1
        ? 'Out-of-order and late shares add up to at most 1'
        : null),
  };
  const parts = {
    min: min.value,
    max: max.value,
    outOfOrderMs: outOfOrderMs.value,
    outOfOrderRatio: outOfOrderRatio.value,
    lateRatio: lateRatio.value,
    lateByMs: lateByMs.value,
  };
  const valid =
    seed.error === undefined &&
    Object.values(parts).every((v) => v !== undefined) &&
    Object.values(cross).every((e) => e === null);
  const value: TAdvancedOptions | undefined = valid
    ? {
        ...(parts as Omit<TAdvancedOptions, 'seed'>),
        ...(seed.value === undefined ? {} : { seed: seed.value }),
      }
    : undefined;

  return {
    value,
    /** True when these options are what runs now (an empty seed matches any). */
    matches: (running: TSimulation) =>
      value !== undefined &&
      (value.seed === undefined || value.seed === running.seed) &&
      value.min === running.min &&
      value.max === running.max &&
      value.outOfOrderMs === running.outOfOrderMs &&
      value.outOfOrderRatio === running.outOfOrderRatio &&
      value.lateRatio === running.lateRatio &&
      value.lateByMs === running.lateByMs,
    fields: {
      seed: { value: seedText, onChange: setSeedText, error: seed.error },
      min: min.field,
      max: { ...max.field, error: max.field.error ?? cross.max },
      outOfOrderMs: outOfOrderMs.field,
      outOfOrderRatio: {
        ...outOfOrderRatio.field,
        error: outOfOrderRatio.field.error ?? cross.outOfOrderRatio,
      },
      lateByMs: lateByMs.field,
      lateRatio: { ...lateRatio.field, error: lateRatio.field.error ?? cross.lateRatio },
    },
  };
}

type TAdvanced = ReturnType<typeof useAdvancedOptions>;

export function SimulateAdvancedFields({
  advanced,
  simulation,
}: {
  advanced: TAdvanced;
  simulation: TPipelineSummary['simulation'];
}) {
  const { fields, value } = advanced;
  return (
    <details className="simulate-advanced" data-testid="simulate-advanced">
      <summary data-testid="simulate-advanced-toggle">
        Advanced{' '}
        <span
          className="simulate-advanced-state"
          data-tone={value ? undefined : 'error'}
          data-testid="simulate-advanced-state"
        >
          · {value ? summarize(value) : 'fix the marked fields'}
        </span>
      </summary>
      <div className="form-grid simulate-advanced-grid">
        <TextField label="Min value" testId="simulate-min" {...fields.min} inputMode="decimal" mono />
        <TextField label="Max value" testId="simulate-max" {...fields.max} inputMode="decimal" mono />
        <TextField
          label="Out of order by (ms)"
          hint="event time, at most"
          testId="simulate-out-of-order-ms"
          {...fields.outOfOrderMs}
          inputMode="numeric"
          mono
        />
        <TextField
          label="Out-of-order share (0–1)"
          testId="simulate-out-of-order-ratio"
          {...fields.outOfOrderRatio}
          inputMode="decimal"
          mono
        />
        <TextField
          label="Late by (ms)"
          hint="behind its sensor, at least"
          testId="simulate-late-by-ms"
          {...fields.lateByMs}
          inputMode="numeric"
          mono
        />
        <TextField
          label="Late share (0–1)"
          testId="simulate-late-ratio"
          {...fields.lateRatio}
          inputMode="decimal"
          mono
        />
        <TextField
          label="Seed"
          hint={simulation ? `running: ${simulation.seed}; empty: random` : 'empty: random'}
          testId="simulate-seed"
          {...fields.seed}
          inputMode="numeric"
          mono
        />
      </div>
    </details>
  );
}

/** One line for the closed disclosure: what the advanced options are set to. */
function summarize(o: TAdvancedOptions): string {
  const percent = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;
  const disorder = [
    o.outOfOrderRatio > 0 ? `${percent(o.outOfOrderRatio)} out of order ≤ ${o.outOfOrderMs} ms` : null,
    o.lateRatio > 0 ? `${percent(o.lateRatio)} late ≥ ${o.lateByMs} ms` : null,
  ].filter(Boolean);
  return [
    o.seed === undefined ? 'random seed' : `seed ${o.seed}`,
    `${o.min}–${o.max}`,
    disorder.length ? disorder.join(', ') : 'in order',
  ].join(' · ');
}

/** Empty means "random"; otherwise a uint32, as the server takes it. */
function parseOptionalSeed(text: string): { value?: number; error?: string } {
  if (text.trim() === '') return {};
  return parseNumber(text, { min: 0, max: 2 ** 32 - 1, integer: true });
}

/** While the user has not edited it, the field shows the running simulation's value (set elsewhere too). */
export function useFollow(value: string | null, field: ReturnType<typeof useNumberField>['field']) {
  const applied = useRef(field.value);
  const follow = useEffectEvent((next: string) => {
    if (field.value === applied.current && next !== field.value) field.onChange(next);
    applied.current = next;
  });
  useEffect(() => {
    if (value !== null) follow(value);
  }, [value]);
}
