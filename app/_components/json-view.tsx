// Pretty-printed JSON in a scrollable, monospaced block.
export function JsonView({ value, testId }: { value: unknown; testId?: string }) {
  const text = value === undefined ? 'undefined' : JSON.stringify(value, null, 2);
  return (
    <pre className="json-view" data-testid={testId}>
      {text}
    </pre>
  );
}
