// Stored values as the control plane returns them. A row written before today's input rules (an old
// label such as `constructor`), a corrupt row, or state an actor built itself may hold something the
// wire cannot carry (json-data.ts); returning it as is would fail the whole response, so one bad row
// would make every unfiltered actors.list answer 500. Instead the value is replaced (null, or the
// label left out) and the reason is reported on that item, in `unreadable`, as `path: reason`.
import { findWireProblem, WIRE_RESERVED_KEYS } from '../api/json-data.ts';

/** Collects why parts of one item could not be returned. */
export class UnreadableParts {
  readonly reasons: string[] = [];

  /** `value` if the wire can carry it, else null (and the reason is recorded under `where`). */
  value(value: unknown, where: string): unknown {
    const problem = findWireProblem(value);
    if (!problem) return value;
    this.reasons.push(`${[where, ...problem.path].join('.')}: ${problem.message}`);
    return null;
  }

  /** Stored JSON text parsed, then checked like `value`; unparsable text is reported too. */
  json(text: string | null | undefined, where: string): unknown {
    if (text == null) return null;
    try {
      return this.value(JSON.parse(text), where);
    } catch {
      this.reasons.push(`${where}: stored value is not valid JSON`);
      return null;
    }
  }

  /** The labels that can be returned (string values, carriable names); the others are reported. */
  labels(stored: string | Record<string, unknown>): Record<string, string> {
    let raw: unknown = stored;
    if (typeof stored === 'string') {
      try {
        raw = JSON.parse(stored);
      } catch {
        this.reasons.push('labels: stored value is not valid JSON');
        return {};
      }
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      this.reasons.push('labels: stored value is not an object');
      return {};
    }
    const labels: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw)) {
      if (WIRE_RESERVED_KEYS.has(name)) this.reasons.push(`labels.${name}: label name is reserved`);
      else if (typeof value !== 'string') this.reasons.push(`labels.${name}: label value is not a string`);
      else labels[name] = value;
    }
    return labels;
  }
}
