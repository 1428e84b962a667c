'use client';
// Deactivate (flush and evict; the next message re-activates it) and Destroy (state, journal and
// alarms deleted), each behind a confirmation.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmDialog } from '../../../../_components/confirm-dialog.tsx';
import { ErrorNote } from '../../../../_components/error-note.tsx';
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
  const [confirming, setConfirming] = useState<'deactivate' | 'destroy' | null>(null);
  const deactivate = useMutation(
    trpc.actors.deactivate.mutationOptions({
      onSuccess: () => {
        setConfirming(null);
        onDeactivated();
      },
    }),
  );
  const destroy = useMutation(
    trpc.actors.destroy.mutationOptions({
      onSuccess: () => {
        setConfirming(null);
        queryClient.removeQueries({ queryKey: trpc.actors.get.queryKey(address) });
        void queryClient.invalidateQueries(trpc.actors.list.queryFilter());
        router.push('/actors');
      },
    }),
  );
  const { type, key } = address;

  return (
    <>
      <button
        type="button"
        className="button-ghost"
        disabled={status === 'inactive' || deactivate.isPending}
        title={
          status === 'inactive' ? 'Not resident: nothing to deactivate' : 'Flush state and evict from memory'
        }
        onClick={() => {
          deactivate.reset();
          setConfirming('deactivate');
        }}
        data-testid="deactivate-button"
      >
        Deactivate
      </button>
      <button
        type="button"
        className="button-ghost"
        data-tone="danger"
        onClick={() => {
          destroy.reset();
          setConfirming('destroy');
        }}
        data-testid="destroy-button"
      >
        Destroy
      </button>
      <ConfirmDialog
        open={confirming === 'deactivate'}
        title={`Deactivate ${type}/${key}?`}
        confirmLabel="Deactivate"
        busy={deactivate.isPending}
        onConfirm={() => deactivate.mutate(address)}
        onCancel={() => setConfirming(null)}
        testId="deactivate-dialog"
      >
        <p>Its state is flushed and it leaves memory. The next message activates it again from storage.</p>
        <ErrorNote error={deactivate.error} testId="deactivate-error" />
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === 'destroy'}
        title={`Destroy ${type}/${key}?`}
        confirmLabel="Destroy"
        tone="danger"
        busy={destroy.isPending}
        onConfirm={() => destroy.mutate(address)}
        onCancel={() => setConfirming(null)}
        testId="destroy-dialog"
      >
        <p>Its stored state, journal and pending alarms are deleted. This cannot be undone.</p>
        <ErrorNote error={destroy.error} testId="destroy-error" />
      </ConfirmDialog>
    </>
  );
}
