'use client';
// The settings of one operator, by kind: map scale/offset/round/preset, filter op/threshold,
// reduce windowSize/fn, window size or time span plus functions; and its partitions.
import { FormField } from '../../_components/form-field.tsx';
import { FILTER_OPS, REDUCE_FNS, type TOperatorDraft, WINDOW_FNS } from './pipeline-draft.ts';

interface OperatorFieldsProps {
  index: number;
  op: TOperatorDraft;
  errorOf: (path: string) => string | undefined;
  onChange: (next: TOperatorDraft) => void;
}

export function OperatorFields({ index, op, errorOf, onChange }: OperatorFieldsProps) {
  const at = (field: string) => `operators.${index}.${field}`;
  const id = (field: string) => `operator-${index}-${field}`;
  const numberInput = (
    field: string,
    value: string,
    set: (v: string) => void,
    label: string,
    hint?: string,
  ) => (
    <FormField label={label} hint={hint} error={errorOf(at(field))} testId={id(field.replace('config.', ''))}>
      <input
        type="text"
        inputMode="decimal"
        className="mono"
        value={value}
        onChange={(e) => set(e.target.value)}
        aria-invalid={errorOf(at(field)) ? true : undefined}
        data-testid={id(field.replace('config.', ''))}
      />
    </FormField>
  );

  return (
    <div className="operator-fields">
      {op.kind === 'map' && (
        <>
          {numberInput(
            'config.scale',
            op.map.scale,
            (scale) => onChange({ ...op, map: { ...op.map, scale } }),
            'Scale',
          )}
          {numberInput(
            'config.offset',
            op.map.offset,
            (offset) => onChange({ ...op, map: { ...op.map, offset } }),
            'Offset',
          )}
          {numberInput(
            'config.round',
            op.map.round,
            (round) => onChange({ ...op, map: { ...op.map, round } }),
            'Round',
            'decimals · optional',
          )}
          <FormField label="Preset" testId={id('preset')}>
            <select
              value={op.map.preset}
              onChange={(e) =>
                onChange({
                  ...op,
                  map: { ...op.map, preset: e.target.value as TOperatorDraft['map']['preset'] },
                })
              }
              data-testid={id('preset')}
            >
              <option value="">none</option>
              <option value="c_to_f">°C → °F</option>
              <option value="f_to_c">°F → °C</option>
            </select>
          </FormField>
        </>
      )}
      {op.kind === 'filter' && (
        <>
          <FormField label="Keep when value" testId={id('op')}>
            <select
              value={op.filter.op}
              onChange={(e) =>
                onChange({
                  ...op,
                  filter: { ...op.filter, op: e.target.value as TOperatorDraft['filter']['op'] },
                })
              }
              data-testid={id('op')}
            >
              {FILTER_OPS.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </FormField>
          {numberInput(
            'config.threshold',
            op.filter.threshold,
            (threshold) => onChange({ ...op, filter: { ...op.filter, threshold } }),
            'Threshold',
          )}
        </>
      )}
      {op.kind === 'reduce' && (
        <>
          {numberInput(
            'config.windowSize',
            op.reduce.windowSize,
            (windowSize) => onChange({ ...op, reduce: { ...op.reduce, windowSize } }),
            'Window size',
            'events',
          )}
          <FormField label="Function" testId={id('fn')}>
            <select
              value={op.reduce.fn}
              onChange={(e) =>
                onChange({
                  ...op,
                  reduce: { ...op.reduce, fn: e.target.value as TOperatorDraft['reduce']['fn'] },
                })
              }
              data-testid={id('fn')}
            >
              {REDUCE_FNS.map((fn) => (
                <option key={fn} value={fn}>
                  {fn}
                </option>
              ))}
            </select>
          </FormField>
        </>
      )}
      {op.kind === 'window' && (
        <>
          <FormField label="Window" testId={id('mode')}>
            <select
              value={op.window.mode}
              onChange={(e) =>
                onChange({ ...op, window: { ...op.window, mode: e.target.value as 'size' | 'time' } })
              }
              data-testid={id('mode')}
            >
              <option value="size">count (events)</option>
              <option value="time">time (ms)</option>
            </select>
          </FormField>
          {op.window.mode === 'size'
            ? numberInput(
                'config.size',
                op.window.size,
                (size) => onChange({ ...op, window: { ...op.window, size } }),
                'Size',
                'events',
              )
            : numberInput(
                'config.timeMs',
                op.window.timeMs,
                (timeMs) => onChange({ ...op, window: { ...op.window, timeMs } }),
                'Span',
                'ms',
              )}
          <fieldset
            className="field checkbox-group"
            data-invalid={errorOf(at('config.fns')) ? true : undefined}
          >
            <legend className="field-label">Functions</legend>
            <div className="checkbox-row">
              {WINDOW_FNS.map((fn) => (
                <label key={fn} className="checkbox">
                  <input
                    type="checkbox"
                    checked={op.window.fns.includes(fn)}
                    onChange={(e) => {
                      const fns = e.target.checked
                        ? [...op.window.fns, fn]
                        : op.window.fns.filter((f) => f !== fn);
                      onChange({
                        ...op,
                        window: { ...op.window, fns: WINDOW_FNS.filter((f) => fns.includes(f)) },
                      });
                    }}
                    data-testid={id(`fn-${fn}`)}
                  />
                  {fn}
                </label>
              ))}
            </div>
            {errorOf(at('config.fns')) && (
              <span className="field-error" role="alert" data-testid={id('fns-error')}>
                {errorOf(at('config.fns'))}
              </span>
            )}
          </fieldset>
        </>
      )}
      {numberInput(
        'partitions',
        op.partitions,
        (partitions) => onChange({ ...op, partitions }),
        'Partitions',
        '1 … 64',
      )}
      {errorOf(at('config')) && (
        <span className="field-error" role="alert">
          {errorOf(at('config'))}
        </span>
      )}
    </div>
  );
}
