// The spawn form's initial state: closed, the type's default state is used; opened, a JSON editor
// that starts from that default and is checked against the type's state schema as it is typed.
import { FormField } from '../../_components/form-field.tsx';
import type { TActorTypeInfo } from '../../_lib/router-types.ts';

interface StateEditorProps {
  typeInfo: TActorTypeInfo | undefined;
  /** null: closed (default state). */
  text: string | null;
  error: string | undefined;
  onOpen: () => void;
  onClose: () => void;
  onChange: (text: string) => void;
}

export function StateEditor({ typeInfo, text, error, onOpen, onClose, onChange }: StateEditorProps) {
  const defaultState = typeInfo?.state ? JSON.stringify(typeInfo.state.initial) : null;
  if (text === null) {
    return (
      <div className="field field-wide">
        <span className="field-label">Initial state</span>
        <span className="toolbar">
          <span className="muted mono" data-testid="spawn-state-default">
            {defaultState ? `default ${defaultState}` : 'the type’s default'}
          </span>
          <button type="button" className="button-ghost" onClick={onOpen} data-testid="spawn-state-edit">
            Set initial state…
          </button>
        </span>
      </div>
    );
  }
  const properties = Object.keys(
    (typeInfo?.state?.schema.properties as Record<string, unknown> | undefined) ?? {},
  );
  return (
    <div className="field-wide state-editor">
      <FormField
        label="Initial state (JSON)"
        hint={
          properties.length > 0
            ? `checked against the default state's shape: ${properties.join(', ')} · empty: the default`
            : 'any JSON object or value · empty: the default'
        }
        error={error}
        testId="spawn-state"
      >
        <textarea
          className="mono"
          rows={5}
          spellCheck={false}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          data-testid="spawn-state"
        />
      </FormField>
      <button type="button" className="button-ghost" onClick={onClose} data-testid="spawn-state-reset">
        Use the default state
      </button>
    </div>
  );
}
