'use client';
// Run controls: start/stop (stop also ends the simulator), the built-in sensor simulator (which stops
// on its own too), rescaling one operator while the pipeline runs, publishing events by hand, and
// deleting the pipeline.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { BusyButton } from '../../../_components/busy-button.tsx';
import { Card } from '../../../_components/card.tsx';
import { ConfirmAction } from '../../../_components/confirm-action.tsx';
import { ErrorNote } from '../../../_components/error-note.tsx';
import type { TPipelineSummary } from '../../../_lib/router-types.ts';
import { useTRPC } from '../../../_lib/trpc.ts';
import { PublishForm } from './publish-form.tsx';
import { ScaleForm } from './scale-form.tsx';
import { SimulateForm } from './simulate-form.tsx';

export function PipelineControls({ pipeline }: { pipeline: TPipelineSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { id } = pipeline;
  // The room pushes the new state within 200 ms; one refetch makes the button feel immediate.
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.pipelines.get.queryKey({ id }) });
  const start = useMutation(trpc.pipelines.start.mutationOptions({ onSuccess: refresh }));
  const stop = useMutation(trpc.pipelines.stop.mutationOptions({ onSuccess: refresh }));
  const running = pipeline.status === 'running';
  const run = running
    ? { action: stop, label: 'Stop', busyLabel: 'Stopping…', testId: 'pipeline-stop' }
    : { action: start, label: 'Start', busyLabel: 'Starting…', testId: 'pipeline-start' };

  return (
    <div className="controls-grid">
      <Card title="Run">
        <div className="toolbar">
          <BusyButton
            busy={run.action.isPending}
            busyLabel={run.busyLabel}
            onClick={() => run.action.mutate({ id })}
            testId={run.testId}
          >
            {run.label}
          </BusyButton>
          <DeleteButton id={id} />
        </div>
        <p className="card-note">
          {running
            ? 'Accepting events. Stop pauses intake and ends the simulator.'
            : 'Stopped: publishing is refused until started.'}
        </p>
        <ErrorNote error={start.error ?? stop.error} testId="run-error" />
      </Card>
      <SimulateForm id={id} running={running} simulation={pipeline.simulation} onDone={refresh} />
      <ScaleForm pipeline={pipeline} onDone={refresh} />
      <PublishForm id={id} running={running} onDone={refresh} />
    </div>
  );
}

function DeleteButton({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const remove = useMutation(
    trpc.pipelines.delete.mutationOptions({
      onSuccess: () => {
        queryClient.removeQueries({ queryKey: trpc.pipelines.get.queryKey({ id }) });
        void queryClient.invalidateQueries(trpc.pipelines.list.queryFilter());
        router.push('/pipelines');
      },
    }),
  );
  return (
    <ConfirmAction
      label="Delete"
      question={`Delete pipeline ${id}?`}
      mutation={remove}
      variables={{ id }}
      tone="danger"
      testId="pipeline-delete"
      dialogTestId="pipeline-delete-dialog"
      errorTestId="pipeline-delete-error"
    >
      <p>Intake stops, then its operators' state, its results and its spec are deleted.</p>
    </ConfirmAction>
  );
}
