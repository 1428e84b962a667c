'use client';
// Deactivate (flush and evict; the next message re-activates it) and Destroy (state, journal and
// alarms deleted), each behind a confirmation.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { ConfirmAction } from '../../../../_components/confirm-action.tsx';
import type { TActorStatus } from '../../../../_lib/router-types.ts';
import { useTRPC } from '../../../../_lib/trpc.ts';

interface ActorActionsProps {
  address: { type: string; key: string };
  status: TActorStatus;
  onDeactivated: () => void;
}

export function ActorActions({ address, status, onDeactivated }: ActorActionsProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const deactivate = useMutation(trpc.actors.deactivate.mutationOptions({ onSuccess: onDeactivated }));
  const destroy = useMutation(
    trpc.actors.destroy.mutationOptions({
      onSuccess: () => {
        queryClient.removeQueries({ queryKey: trpc.actors.get.queryKey(address) });
        void queryClient.invalidateQueries(trpc.actors.list.queryFilter());
        router.push('/actors');
      },
    }),
  );
  const { type, key } = address;

  return (
    <>
      <ConfirmAction
        label="Deactivate"
        question={`Deactivate ${type}/${key}?`}
        mutation={deactivate}
        variables={address}
        disabled={status === 'inactive' || deactivate.isPending}
        hint={
          status === 'inactive' ? 'Not resident: nothing to deactivate' : 'Flush state and evict from memory'
        }
        testId="deactivate-button"
        dialogTestId="deactivate-dialog"
        errorTestId="deactivate-error"
      >
        <p>Its state is flushed and it leaves memory. The next message activates it again from storage.</p>
      </ConfirmAction>
      <ConfirmAction
        label="Destroy"
        question={`Destroy ${type}/${key}?`}
        mutation={destroy}
        variables={address}
        tone="danger"
        testId="destroy-button"
        dialogTestId="destroy-dialog"
        errorTestId="destroy-error"
      >
        <p>Its stored state, journal and pending alarms are deleted. This cannot be undone.</p>
      </ConfirmAction>
    </>
  );
}
