// The actor list's filter bar: type and status apply at once, label and key prefix as typed text.
import { ACTOR_STATUSES } from '@/server/api/schemas.ts';
import { Options } from '../../_components/select-field.tsx';

export interface TFilters {
  type: string;
  status: string;
  label: string;
  keyPrefix: string;
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
  return (
    <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter actors">
      <FilterSelect
        label="Type"
        any="all types"
        value={draft.type}
        options={types}
        onChange={(type) => onSelect({ type })}
        testId="filter-type"
      />
      <FilterSelect
        label="Status"
        any="any status"
        value={draft.status}
        options={ACTOR_STATUSES}
        onChange={(status) => onSelect({ status })}
        testId="filter-status"
      />
      <label className="field-inline">
        <span>Label</span>
        <input
          type="text"
          placeholder="name=value"
          value={draft.label}
          onChange={(e) => onText({ label: e.target.value })}
          aria-invalid={labelError ? true : undefined}
          data-testid="filter-label"
        />
      </label>
      <label className="field-inline">
        <span>Key</span>
        <input
          type="search"
          placeholder="prefix…"
          value={draft.keyPrefix}
          onChange={(e) => onText({ keyPrefix: e.target.value })}
          data-testid="filter-key"
        />
      </label>
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

interface FilterSelectProps {
  label: string;
  /** The first option, which sets no filter. */
  any: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
  testId: string;
}

function FilterSelect({ label, any, value, options, onChange, testId }: FilterSelectProps) {
  return (
    <label className="field-inline">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{any}</option>
        <Options options={options} />
      </select>
    </label>
  );
}
