'use client';
// Publish events by hand: paste a JSON array, one event, `{ "events": [...] }` or NDJSON. Checked as
// typed with the control plane's event schema (nothing invalid is sent); the answer says how many
// events went through every stage. An optional batch id makes the publish exactly-once.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { BusyButton } from '../../../_components/busy-button.tsx';
import { FormCard } from '../../../_components/card.tsx';
import { ErrorNote } from '../../../_components/error-note.tsx';
import { FormField } from '../../../_components/form-field.tsx';
import { TextField } from '../../../_components/text-field.tsx';
import { parseEvents } from '../../../_lib/publish-events.ts';
import { useTRPC } from '../../../_lib/trpc.ts';

const EXAMPLE = '{"sensorId": "s-1", "value": 72.5}\n{"sensorId": "s-2", "value": 48}';

export function PublishForm({ id, running, onDone }: { id: string; running: boolean; onDone: () => void }) {
  const trpc = useTRPC();
  const [text, setText] = useState('');
  const [batchId, setBatchId] = useState('');
  const [touched, setTouched] = useState(false);
  const publish = useMutation(trpc.pipelines.publish.mutationOptions({ onSuccess: onDone }));
  const parsed = parseEvents(text);
  const error = touched && !parsed.ok ? parsed.error : null;
  const batchError = batchId.length > 64 ? 'Must be at most 64 characters' : null;

  const submit = () => {
    setTouched(true);
    if (!parsed.ok || batchError || publish.isPending) return;
    publish.mutate({ id, events: parsed.events, batchId: batchId.trim() || undefined });
  };

  return (
    <FormCard title="Publish events" className="publish-card" onSubmit={submit} testId="publish-form">
      <FormField
        label="Events"
        hint={
          'JSON (an array, one event, or {"events": [...]}) or NDJSON, one event per line · at most 10,000'
        }
        error={error}
        testId="publish-events"
        className="field-wide"
      >
        <textarea
          className="mono"
          rows={4}
          value={text}
          placeholder={EXAMPLE}
          onChange={(e) => {
            setText(e.target.value);
            setTouched(true);
            if (publish.isSuccess || publish.isError) publish.reset();
          }}
          aria-invalid={error ? true : undefined}
          data-testid="publish-events"
        />
      </FormField>
      <div className="form-row">
        <TextField
          label="Batch id"
          hint="optional · a retry with the same id is applied once"
          testId="publish-batch"
          value={batchId}
          onChange={setBatchId}
          error={batchError}
          mono
        />
        <BusyButton
          busy={publish.isPending}
          busyLabel="Publishing…"
          disabled={!running || (touched && !parsed.ok) || Boolean(batchError)}
          testId="publish-submit"
        >
          {parsed.ok
            ? `Publish ${parsed.events.length} event${parsed.events.length === 1 ? '' : 's'}`
            : 'Publish'}
        </BusyButton>
      </div>
      {!running && <p className="card-note">Start the pipeline to publish.</p>}
      {publish.isSuccess && (
        <p className="form-success" role="status" data-testid="publish-result">
          {publish.data.accepted} accepted
          {publish.data.duplicates > 0
            ? ` · ${publish.data.duplicates} already published (same batch id)`
            : ''}
        </p>
      )}
      <ErrorNote error={publish.error} testId="publish-error" />
    </FormCard>
  );
}
