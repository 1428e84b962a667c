'use client';
// Spawn an actor explicitly (type, key, labels, idle timeout). Validated here with the control
// plane's own zod schema, so nothing invalid is sent; the server's errors (CONFLICT for an existing
// key) are shown with their message.
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { labelNameProblem, ZSpawnActorSchema } from '@/server/api/schemas.ts';
import { BusyButton } from '../../_components/busy-button.tsx';
import { FormCard } from '../../_components/card.tsx';
import { ErrorNote } from '../../_components/error-note.tsx';
import { SelectField } from '../../_components/select-field.tsx';
import { TextField } from '../../_components/text-field.tsx';
import type { TActorTypeInfo } from '../../_lib/router-types.ts';
import { actorHref } from '../../_lib/routes.ts';
import { useTRPC } from '../../_lib/trpc.ts';

type Field = 'type' | 'key' | 'labels' | 'idleTimeoutMs';

interface TDraft {
  type: string;
  key: string;
  labels: string;
  idleTimeoutMs: string;
}

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
  return Object.fromEntries(entries);
}

function validate(draft: TDraft) {
  const errors: Partial<Record<Field, string>> = {};
  const parsedLabels = parseLabels(draft.labels);
  const labels = typeof parsedLabels === 'string' ? null : parsedLabels;
  if (typeof parsedLabels === 'string') errors.labels = parsedLabels;
  const timeout = draft.idleTimeoutMs.trim();
  const idleTimeoutMs = timeout === '' ? undefined : Number(timeout);
  if (idleTimeoutMs !== undefined && !Number.isFinite(idleTimeoutMs))
    errors.idleTimeoutMs = 'Must be a number';
  const parsed = ZSpawnActorSchema.safeParse({
    type: draft.type,
    key: draft.key,
    labels: labels && Object.keys(labels).length > 0 ? labels : undefined,
    config: idleTimeoutMs === undefined || errors.idleTimeoutMs ? undefined : { idleTimeoutMs },
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const head = issue.path[0];
      const field: Field = head === 'config' ? 'idleTimeoutMs' : (head as Field);
      errors[field] ??= issue.message;
    }
  }
  return { errors, input: parsed.success ? parsed.data : null };
}

export function SpawnActorForm({ types, onSpawned }: { types: TActorTypeInfo[]; onSpawned: () => void }) {
  const trpc = useTRPC();
  const defaultType = types.find((t) => t.type === 'counter')?.type ?? types[0]?.type ?? '';
  const [draft, setDraft] = useState<TDraft>({ type: '', key: '', labels: '', idleTimeoutMs: '' });
  const [touched, setTouched] = useState<Partial<Record<Field, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const spawn = useMutation(trpc.actors.spawn.mutationOptions({ onSuccess: onSpawned }));

  const current = { ...draft, type: draft.type || defaultType };
  const { errors, input } = validate(current);
  const shown = (field: Field) => (submitted || touched[field] ? errors[field] : undefined);
  const visibleErrors = (['type', 'key', 'labels', 'idleTimeoutMs'] as const).some((f) => shown(f));

  const set = (field: Field, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setTouched((t) => ({ ...t, [field]: true }));
    if (spawn.isError || spawn.isSuccess) spawn.reset();
  };

  /** A control bound to one draft field: its text, its setter, its (shown) message. */
  const bind = (field: Field, testId: string) => ({
    testId,
    value: draft[field],
    onChange: (value: string) => set(field, value),
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
          {...bind('type', 'spawn-type')}
          value={current.type}
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
          hint="optional · 50 … 604800000"
          {...bind('idleTimeoutMs', 'spawn-idle')}
          placeholder="type default"
          inputMode="numeric"
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
