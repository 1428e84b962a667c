'use client';
// The settings of one operator, by kind: map scale/offset/round/preset and where it writes (`as`),
// filter op/threshold, reduce windowSize/fn, window kind (count, tumbling, sliding, session) with
// its spans plus functions; the field each reads; the quiet-key timeout and emitPartial where they
// apply; and its partitions.
import { SelectField, type TOption } from '../../_components/select-field.tsx';
import { TextField } from '../../_components/text-field.tsx';
import {
  FILTER_OPS,
  REDUCE_FNS,
  type TOperatorDraft,
  type TWindowMode,
  WINDOW_FNS,
} from './pipeline-draft.ts';

interface OperatorFieldsProps {
  index: number;
  op: TOperatorDraft;
  errorOf: (path: string) => string | undefined;
  onChange: (next: TOperatorDraft) => void;
}

/** The draft parts that hold a kind's config. */
type TKind = 'map' | 'filter' | 'reduce' | 'window';
/** A kind's text settings (its checkboxes are drawn apart). */
type TSetting<K extends TKind> = {
  [S in keyof TOperatorDraft[K]]: TOperatorDraft[K][S] extends string ? S : never;
}[keyof TOperatorDraft[K]] &
  string;

const PRESETS = [
  { value: '', label: 'none' },
  { value: 'c_to_f', label: '°C → °F' },
  { value: 'f_to_c', label: '°F → °C' },
] as const;

const WINDOW_MODES: readonly { value: TWindowMode; label: string }[] = [
  { value: 'count', label: 'count (events)' },
  { value: 'tumbling', label: 'tumbling (event time)' },
  { value: 'sliding', label: 'sliding (event time)' },
  { value: 'session', label: 'session (event time)' },
];

export function OperatorFields({ index, op, errorOf, onChange }: OperatorFieldsProps) {
  const at = (field: string) => `operators.${index}.${field}`;
  const id = (field: string) => `operator-${index}-${field}`;
  const patch = <K extends TKind>(kind: K, change: Partial<TOperatorDraft[K]>) =>
    onChange({ ...op, [kind]: { ...op[kind], ...change } });
  // A setting of the kind's config: its draft text, error path `config.<name>`, test id `operator-<i>-<name>`.
  // A select's options are exactly the setting's values, so the chosen one fits the draft.
  const set = <K extends TKind>(kind: K, name: TSetting<K>) => ({
    testId: id(name),
    value: String(op[kind][name]),
    onChange: (value: string) => patch(kind, { [name]: value } as Partial<TOperatorDraft[K]>),
  });
  const configNumber = <K extends TKind>(kind: K, name: TSetting<K>, label: string, hint?: string) => (
    <TextField
      label={label}
      hint={hint}
      error={errorOf(at(`config.${name}`))}
      {...set(kind, name)}
      inputMode="decimal"
      mono
    />
  );
  const configSelect = <K extends TKind>(
    kind: K,
    name: TSetting<K>,
    label: string,
    options: readonly TOption<string>[],
  ) => <SelectField label={label} {...set(kind, name)} options={options} />;
  const emitPartial = (kind: 'reduce' | 'window') => (
    <fieldset className="field checkbox-group operator-check">
      <legend className="field-label">Incomplete window</legend>
      <div className="checkbox-row">
        <label className="checkbox" title="on timeout or flush, as partial: true">
          <input
            type="checkbox"
            checked={op[kind].emitPartial}
            onChange={(e) => patch(kind, { emitPartial: e.target.checked })}
            data-testid={id('emitPartial')}
          />
          emit it
        </label>
      </div>
    </fieldset>
  );
  const fieldName = op.field.trim() || 'value';
  const readField = (
    <TextField
      label="Field"
      hint="empty: value"
      placeholder="value"
      error={errorOf(at('config.field'))}
      testId={id('field')}
      value={op.field}
      onChange={(field) => onChange({ ...op, field })}
      mono
    />
  );
  const mode = op.window.mode;

  return (
    <div className="operator-fields">
      {readField}
      {op.kind === 'map' && (
        <>
          <TextField
            label="Write to"
            hint={`empty: ${fieldName}`}
            placeholder={fieldName}
            error={errorOf(at('config.as'))}
            {...set('map', 'as')}
            mono
          />
          {configNumber('map', 'scale', 'Scale')}
          {configNumber('map', 'offset', 'Offset')}
          {configNumber('map', 'round', 'Round', 'decimals · optional')}
          {configSelect('map', 'preset', 'Preset', PRESETS)}
        </>
      )}
      {op.kind === 'filter' && (
        <>
          {configSelect('filter', 'op', `Keep when ${fieldName}`, FILTER_OPS)}
          {configNumber('filter', 'threshold', 'Threshold')}
        </>
      )}
      {op.kind === 'reduce' && (
        <>
          {configNumber('reduce', 'windowSize', 'Window size', 'events')}
          {configSelect('reduce', 'fn', 'Function', REDUCE_FNS)}
          {configNumber('reduce', 'timeoutMs', 'Timeout (ms)', 'quiet key closes · optional')}
          {emitPartial('reduce')}
        </>
      )}
      {op.kind === 'window' && (
        <>
          {configSelect('window', 'mode', 'Window', WINDOW_MODES)}
          {mode === 'count' && configNumber('window', 'size', 'Size', 'events')}
          {(mode === 'tumbling' || mode === 'sliding') && configNumber('window', 'timeMs', 'Span', 'ms')}
          {mode === 'sliding' && configNumber('window', 'slideMs', 'Slide', 'ms · at most the span')}
          {mode === 'session' && configNumber('window', 'gapMs', 'Gap', 'ms of event time')}
          {configNumber('window', 'timeoutMs', 'Timeout (ms)', 'quiet key closes · optional')}
          {mode === 'count' && emitPartial('window')}
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
                      patch('window', { fns: WINDOW_FNS.filter((f) => fns.includes(f)) });
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
      <TextField
        label="Partitions"
        hint="1 … 64"
        error={errorOf(at('partitions'))}
        testId={id('partitions')}
        value={op.partitions}
        onChange={(partitions) => onChange({ ...op, partitions })}
        inputMode="decimal"
        mono
      />
      {errorOf(at('config')) && (
        <span className="field-error" role="alert" data-testid={id('config-error')}>
          {errorOf(at('config'))}
        </span>
      )}
    </div>
  );
}
