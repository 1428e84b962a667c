// Status of an actor or a pipeline as a coloured badge; transitional states are amber.
const TONE: Record<string, 'ok' | 'warn' | 'error' | 'neutral'> = {
  active: 'ok',
  running: 'ok',
  activating: 'warn',
  deactivating: 'warn',
  failed: 'error',
  inactive: 'neutral',
  stopped: 'neutral',
};

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className="badge" data-tone={TONE[status] ?? 'neutral'} data-testid={testId} data-status={status}>
      {status}
    </span>
  );
}
