// The publish form's text -> sensor events: a JSON array of events, one event object, an object with
// an `events` array (what `troupe pipelines publish --file` reads), or NDJSON (one event per line).
// Every event is checked with the control plane's own schema before anything is sent; messages use
// the invoke form's words and say which event (and line) is wrong.
import { type TSensorEvent, ZSensorEventSchema } from '../../server/pipelines/spec.ts';

/** What pipelines.publish takes in one call. */
export const MAX_EVENTS = 10_000;

export type TParsedEvents =
  | { ok: true; events: TSensorEvent[]; format: 'json' | 'ndjson' }
  | { ok: false; error: string };

interface TCandidate {
  value: unknown;
  /** 1-based line of an NDJSON event; null for JSON. */
  line: number | null;
}

export function parseEvents(text: string): TParsedEvents {
  if (text.trim() === '') return { ok: false, error: 'Required' };
  const whole = tryJson(text);
  let candidates: TCandidate[];
  let format: 'json' | 'ndjson' = 'json';
  if (whole.ok) {
    const value = whole.value;
    const list = Array.isArray(value)
      ? value
      : isObject(value) && Array.isArray(value.events)
        ? value.events
        : [value];
    candidates = list.map((item) => ({ value: item, line: null }));
  } else {
    format = 'ndjson';
    candidates = [];
    for (const [i, line] of text.split('\n').entries()) {
      if (line.trim() === '') continue;
      const parsed = tryJson(line);
      if (!parsed.ok) return { ok: false, error: `line ${i + 1}: Must be valid JSON` };
      candidates.push({ value: parsed.value, line: i + 1 });
    }
  }
  if (candidates.length === 0) return { ok: false, error: 'No events: paste at least one' };
  if (candidates.length > MAX_EVENTS) {
    return {
      ok: false,
      error: `At most ${MAX_EVENTS.toLocaleString('en-US')} events per publish (${candidates.length.toLocaleString('en-US')} pasted)`,
    };
  }
  const events: TSensorEvent[] = [];
  for (const [i, { value, line }] of candidates.entries()) {
    const checked = ZSensorEventSchema.safeParse(value);
    if (!checked.success) {
      const where = line === null ? `event ${i + 1}` : `event ${i + 1} (line ${line})`;
      return { ok: false, error: `${where}: ${describeIssue(checked.error.issues[0])}` };
    }
    events.push(checked.data);
  }
  return { ok: true, events, format };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

type TIssue = { code: string; path: PropertyKey[]; message: string; expected?: unknown; minimum?: unknown };

/** A zod issue in the words of the generated forms: "value: Must be a number". */
function describeIssue(issue: TIssue | undefined): string {
  if (!issue) return 'Must be an event';
  const field = issue.path.map(String).join('.');
  const prefix = field ? `${field}: ` : '';
  if (issue.code === 'invalid_type') {
    if (field === '' || issue.expected === 'object')
      return 'Must be an object like {"sensorId": "s1", "value": 42}';
    const received = issue.message.includes('received undefined');
    if (received) return `${prefix}Required`;
    return `${prefix}${issue.expected === 'number' ? 'Must be a number' : issue.expected === 'string' ? 'Must be a string' : issue.message}`;
  }
  if (issue.code === 'too_small' && issue.minimum === 1) return `${prefix}Required`;
  return `${prefix}${issue.message}`;
}
