// A facet of our own (defineFacet): an audit trail of every turn of the types that list it, written
// as one JSON line per turn (who, what, outcome, version, duration) beside the server's own logs.
// It observes only: afterTurn runs once the outcome is known, and an error in it never fails a turn.
// This folder is not scanned for actor types (only the top level of actors/ is); types import it.
import { defineFacet } from 'troupe';

export interface AuditEntry {
  audit: string; // "type/key"
  action: string;
  ok: boolean;
  error: string | null;
  version: number;
  durationMs: number;
  at: string; // ISO time
}

export function audit(sink: (entry: AuditEntry) => void = (entry) => console.info(JSON.stringify(entry))) {
  return defineFacet({
    name: 'audit',
    priority: 50,
    afterTurn: ({ self, action, ok, error, version, durationMs, at }) =>
      sink({
        audit: `${self.type}/${self.key}`,
        action,
        ok,
        error,
        version,
        durationMs: Math.round(durationMs * 1000) / 1000,
        at: new Date(at).toISOString(),
      }),
  });
}
