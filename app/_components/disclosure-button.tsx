// The button that opens and closes an inline form ("Spawn actor" / "Close").
interface DisclosureButtonProps {
  open: boolean;
  onToggle: () => void;
  label: string;
  testId: string;
}

export function DisclosureButton({ open, onToggle, label, testId }: DisclosureButtonProps) {
  return (
    <button type="button" className="button" onClick={onToggle} aria-expanded={open} data-testid={testId}>
      {open ? 'Close' : label}
    </button>
  );
}
