'use client';
// Spawn an actor explicitly: type, key, labels, idle timeout and, optionally, its initial state in
// a JSON editor that starts from the type's default state and checks against its state schema.
// Everything is checked here before sending, in the invoke form's words (json-schema-form.ts); the
// server's errors (CONFLICT for an existing key) are shown as the invoke form shows them. After a
// spawn the form is cleared for the next one, and the new actor is linked.
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { labelNameProblem, ZActorKey } from '@/server/api/schemas.ts';
import { BusyButton } from '../../_components/busy-button.tsx';
import { FormCard } from '../../_components/card.tsx';
import { ErrorNote } from '../../_components/error-note.tsx';
import { SelectField } from '../../_components/select-field.tsx';
import { TextField } from '../../_components/text-field.tsx';
import { parseField, type TFormField } from '../../_lib/json-schema-form.ts';
import type { TActorTypeInfo } from '../../_lib/router-types.ts';
import { actorHref } from '../../_lib/routes.ts';
import { checkInitialState } from '../../_lib/state-editor.ts';
import { useTRPC } from '../../_lib/trpc.ts';
import { StateEditor } from './state-editor.tsx';

type Field = 'type' | 'key' | 'labels' | 'idleTimeoutMs' | 'initialState';

interface TDraft {
  type: string;
  key: string;
  labels: string;
  idleTimeoutMs: string;
  /** null: the type's default state (the editor is closed). */
  state: string | null;
}

const EMPTY: TDraft = { type: '', key: '', labels: '', idleTimeoutMs: '', state: null };

// The control plane's rules as form fields, so the messages are the generated forms' own.
const KEY_FIELD: TFormField = {
  name: 'key',
  kind: 'string',
  required: true,
  description: null,
  defaultValue: undefined,
  minLength: 1,
  maxLength: 256,
};
const IDLE_FIELD: TFormField = {
  name: 'idleTimeoutMs',
  kind: 'integer',
  required: false,
  description: null,
  defaultValue: undefined,
  minimum: 50,
  maximum: 7 * 24 * 3600_000,
};

/**
 * `a=1, b=2` (commas or new lines) -> { a: '1', b: '2' }; a message when a part is not name=value or
 * a name is not a valid label name. Built with fromEntries, so a typed `__proto__` is an own key
 * (and refused), never the object's prototype.
 */
function parseLabels(text: string): Record<string, string> | string {
  const entries: [string, string][] = [];
  for (const part of text.split(/[,\n]/)) {
    const item = part.trim();
    if (!item) continue;
    const at = item.indexOf('=');
    if (at <= 0) return 'Use name=value pairs separated by commas';
    const name = item.slice(0, at).trim();
    const problem = labelNameProblem(name);
    if (problem) return `${name}: ${problem}`;
    entries.push([name, item.slice(at + 1).trim()]);
  }
  return entries.length > 32 ? 'At most 32 labels' : Object.fromEntries(entries);
}

function validate(draft: TDraft, typeInfo: TActorTypeInfo | undefined) {
  const errors: Partial<Record<Field, string>> = {};
  if (!draft.type) errors.type = 'Required';
  const key = parseField(KEY_FIELD, draft.key);
  if (!key.ok) errors.key = key.error;
  else {
    const rules = ZActorKey.safeParse(draft.key);
    if (!rules.success) errors.key = rules.error.issues[0]?.message ?? 'Invalid key';
  }
  const labels = parseLabels(draft.labels);
  if (typeof labels === 'string') errors.labels = labels;
  const idle = parseField(IDLE_FIELD, draft.idleTimeoutMs);
  if (!idle.ok) errors.idleTimeoutMs = idle.error;
  const state = draft.state === null ? null : checkInitialState(draft.state, typeInfo?.state?.schema);
  if (state && !state.ok) errors.initialState = state.error;
  if (Object.keys(errors).length > 0) return { errors, input: null };
  return {
    errors,
    input: {
      type: draft.type,
      key: draft.key,
      labels: typeof labels === 'object' && Object.keys(labels).length > 0 ? labels : undefined,
      config: idle.ok && idle.value !== undefined ? { idleTimeoutMs: idle.value as number } : undefined,
      initialState: state?.ok ? state.value : undefined,
    },
  };
}

export function SpawnActorForm({ types, onSpawned }: { types: TActorTypeInfo[]; onSpawned: () => void }) {
  const trpc = useTRPC();
  const defaultType = types.find((t) => t.type === 'counter')?.type ?? types[0]?.type ?? '';
  const [draft, setDraft] = useState<TDraft>(EMPTY);
  const [touched, setTouched] = useState<Partial<Record<Field, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const spawn = useMutation(
    trpc.actors.spawn.mutationOptions({
      onSuccess: () => {
        // Ready for the next one: the same type, everything else cleared.
        setDraft((d) => ({ ...EMPTY, type: d.type }));
        setTouched({});
        setSubmitted(false);
        onSpawned();
      },
    }),
  );

  const current = { ...draft, type: draft.type || defaultType };
  const typeInfo = types.find((t) => t.type === current.type);
  const { errors, input } = validate(current, typeInfo);
  const shown = (field: Field) => (submitted || touched[field] ? errors[field] : undefined);
  const visibleErrors = (Object.keys(errors) as Field[]).some((f) => shown(f));

  const set = <K extends keyof TDraft>(field: K, value: TDraft[K], touch: Field) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setTouched((t) => ({ ...t, [touch]: true }));
    if (spawn.isError || spawn.isSuccess) spawn.reset();
  };

  /** A text control bound to one draft field: its text, its setter, its (shown) message. */
  const bind = (field: 'key' | 'labels' | 'idleTimeoutMs', testId: string) => ({
    testId,
    value: draft[field],
    onChange: (value: string) => set(field, value, field),
    error: shown(field),
  });

  const submit = () => {
    setSubmitted(true);
    if (!input || spawn.isPending) return; // invalid: nothing is sent
    spawn.mutate(input);
  };

  return (
    <FormCard title="Spawn actor" className="form-card" onSubmit={submit} testId="spawn-form">
      <div className="form-grid">
        <SelectField
          label="Type"
          testId="spawn-type"
          value={current.type}
          onChange={(value) => {
            // A state written for another type does not carry over; an untouched default follows.
            setDraft((d) => ({ ...d, type: value, state: d.state === null ? null : stateOf(types, value) }));
            if (spawn.isError || spawn.isSuccess) spawn.reset();
          }}
          error={shown('type')}
          options={types.map((t) => t.type)}
          disabled={types.length === 0}
        >
          {types.length === 0 && <option value="">loading…</option>}
        </SelectField>
        <TextField
          label="Key"
          {...bind('key', 'spawn-key')}
          placeholder="e.g. rivet-2"
          onBlur={() => setTouched((t) => ({ ...t, key: true }))}
        />
        <TextField
          label="Labels"
          hint="optional · name=value, comma separated"
          {...bind('labels', 'spawn-labels')}
          placeholder="team=payments, tier=gold"
        />
        <TextField
          label="Idle timeout (ms)"
          hint="optional · integer · 50 … 604800000"
          {...bind('idleTimeoutMs', 'spawn-idle')}
          placeholder="type default"
          inputMode="numeric"
        />
        <StateEditor
          typeInfo={typeInfo}
          text={draft.state}
          error={shown('initialState')}
          onOpen={() => set('state', stateOf(types, current.type), 'initialState')}
          onClose={() => set('state', null, 'initialState')}
          onChange={(text) => set('state', text, 'initialState')}
        />
      </div>
      <div className="form-actions">
        <BusyButton
          busy={spawn.isPending}
          busyLabel="Spawning…"
          disabled={visibleErrors}
          testId="spawn-submit"
        >
          Spawn
        </BusyButton>
        {spawn.isSuccess && (
          <span className="form-success" role="status" data-testid="spawn-success">
            Spawned{' '}
            <Link className="link mono" href={actorHref(spawn.data.type, spawn.data.key)}>
              {spawn.data.type}/{spawn.data.key}
            </Link>{' '}
            · {spawn.data.status}
          </span>
        )}
      </div>
      <ErrorNote error={spawn.error} testId="spawn-error" />
    </FormCard>
  );
}

/** The editor's starting text for a type: its default state, pretty-printed. */
function stateOf(types: TActorTypeInfo[], type: string): string {
  const initial = types.find((t) => t.type === type)?.state?.initial;
  return initial === undefined ? '{}' : JSON.stringify(initial, null, 2);
}
