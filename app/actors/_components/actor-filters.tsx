// The actor list's filter bar: type and status apply at once, label and key prefix as typed text.
import { ACTOR_STATUSES } from '@/server/api/schemas.ts';
import { Options } from '../../_components/select-field.tsx';

export interface TFilters {
  type: string;
  status: string;
  label: string;
  keyPrefix: string;
}

interface TTextInput {
  type: 'text' | 'search';
  placeholder: string;
  testId: string;
  invalid?: boolean;
}

interface ActorFiltersProps {
  draft: TFilters;
  types: string[];
  labelError: string | null;
  /** Some filter is set: offer to clear them. */
  filtered: boolean;
  onSelect: (patch: Partial<Pick<TFilters, 'type' | 'status'>>) => void;
  onText: (patch: Partial<Pick<TFilters, 'label' | 'keyPrefix'>>) => void;
  onClear: () => void;
}

export function ActorFilters({
  draft,
  types,
  labelError,
  filtered,
  onSelect,
  onText,
  onClear,
}: ActorFiltersProps) {
  /** `any` is the first option, which sets no filter. */
  const select = (name: 'type' | 'status', label: string, any: string, options: readonly string[]) => (
    <label className="field-inline">
      <span>{label}</span>
      <select
        value={draft[name]}
        onChange={(e) => onSelect({ [name]: e.target.value })}
        data-testid={`filter-${name}`}
      >
        <option value="">{any}</option>
        <Options options={options} />
      </select>
    </label>
  );
  const text = (name: 'label' | 'keyPrefix', label: string, input: TTextInput) => (
    <label className="field-inline">
      <span>{label}</span>
      <input
        type={input.type}
        placeholder={input.placeholder}
        value={draft[name]}
        onChange={(e) => onText({ [name]: e.target.value })}
        aria-invalid={input.invalid ? true : undefined}
        data-testid={input.testId}
      />
    </label>
  );

  return (
    <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter actors">
      {select('type', 'Type', 'all types', types)}
      {select('status', 'Status', 'any status', ACTOR_STATUSES)}
      {text('label', 'Label', {
        type: 'text',
        placeholder: 'name=value',
        testId: 'filter-label',
        invalid: Boolean(labelError),
      })}
      {text('keyPrefix', 'Key', { type: 'search', placeholder: 'prefix…', testId: 'filter-key' })}
      {labelError && (
        <span className="field-error" data-testid="filter-label-error">
          {labelError}
        </span>
      )}
      {filtered && (
        <button type="button" className="button-ghost" onClick={onClear}>
          Clear filters
        </button>
      )}
    </form>
  );
}
