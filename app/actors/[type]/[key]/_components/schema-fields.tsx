// The controls of a generated form: one per schema property, typed by the schema.
import { FormField } from '../../../../_components/form-field.tsx';
import { describeField, type TFormModel, type TFormValues } from '../../../../_lib/json-schema-form.ts';

interface SchemaFieldsProps {
  model: TFormModel;
  values: TFormValues;
  errorOf: (name: string) => string | undefined;
  onChange: (name: string, value: string | boolean) => void;
}

export function SchemaFields({ model, values, errorOf, onChange }: SchemaFieldsProps) {
  if (model.fields.length === 0) {
    return (
      <p className="empty-inline" data-testid="invoke-no-input">
        This action takes no input.
      </p>
    );
  }
  return (
    <div className="form-grid">
      {model.fields.map((field) => {
        const testId = `arg-${field.name}`;
        const error = errorOf(field.name);
        const value = values[field.name];
        const label = model.raw ? 'Input (JSON)' : field.name;
        const hint = model.raw ? 'any JSON value' : describeField(field);
        const common = {
          id: testId,
          'data-testid': testId,
          'aria-invalid': error ? true : undefined,
        } as const;
        if (field.kind === 'boolean') {
          return (
            <FormField key={field.name} label={label} hint={hint} error={error} testId={testId}>
              <input
                {...common}
                type="checkbox"
                checked={value === true}
                onChange={(e) => onChange(field.name, e.target.checked)}
              />
            </FormField>
          );
        }
        if (field.kind === 'enum') {
          return (
            <FormField key={field.name} label={label} hint={hint} error={error} testId={testId}>
              <select
                {...common}
                value={String(value ?? '')}
                onChange={(e) => onChange(field.name, e.target.value)}
              >
                {!field.required && <option value="">(default)</option>}
                {field.options?.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            </FormField>
          );
        }
        if (field.kind === 'json') {
          return (
            <FormField
              key={field.name}
              label={label}
              hint={hint}
              error={error}
              testId={testId}
              className="field-wide"
            >
              <textarea
                {...common}
                className="mono"
                rows={3}
                value={String(value ?? '')}
                onChange={(e) => onChange(field.name, e.target.value)}
              />
            </FormField>
          );
        }
        const numeric = field.kind === 'integer' || field.kind === 'number';
        return (
          <FormField key={field.name} label={label} hint={hint} error={error} testId={testId}>
            <input
              {...common}
              type="text"
              inputMode={field.kind === 'integer' ? 'numeric' : numeric ? 'decimal' : undefined}
              className={numeric ? 'mono' : undefined}
              value={String(value ?? '')}
              placeholder={field.required ? 'required' : 'optional'}
              onChange={(e) => onChange(field.name, e.target.value)}
            />
          </FormField>
        );
      })}
    </div>
  );
}
