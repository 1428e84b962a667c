// A source hash as people compare them: the first 12 characters, the whole hash on hover.

const SHORT = 12;

export function ShortHash({ hash, testId }: { hash: string | null | undefined; testId?: string }) {
  if (!hash) return <span className="muted">—</span>;
  return (
    <span className="mono" title={hash} data-testid={testId} data-hash={hash}>
      {hash.slice(0, SHORT)}
    </span>
  );
}
