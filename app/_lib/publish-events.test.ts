// The publish form's parser: JSON, an events wrapper, NDJSON; checked with the control plane's
// event schema, each problem named by event and line in the invoke form's words.
import { describe, expect, it } from 'vitest';
import { MAX_EVENTS, parseEvents } from './publish-events.ts';

describe('parseEvents', () => {
  it('reads a JSON array, one event, an events wrapper and NDJSON', () => {
    const a = { sensorId: 's1', value: 55 };
    const b = { sensorId: 's2', value: 60.5, ts: 1_000 };
    expect(parseEvents(JSON.stringify([a, b]))).toEqual({ ok: true, events: [a, b], format: 'json' });
    expect(parseEvents(JSON.stringify(a))).toEqual({ ok: true, events: [a], format: 'json' });
    expect(parseEvents(JSON.stringify({ events: [b] }))).toEqual({ ok: true, events: [b], format: 'json' });
    const ndjson = `${JSON.stringify(a)}\n\n${JSON.stringify(b)}\n`;
    expect(parseEvents(ndjson)).toEqual({ ok: true, events: [a, b], format: 'ndjson' });
  });

  it('names the event, the line and the field that is wrong', () => {
    expect(parseEvents('')).toEqual({ ok: false, error: 'Required' });
    expect(parseEvents('{"sensorId":"a","value":1}\n{"sensorId":"b",')).toEqual({
      ok: false,
      error: 'line 2: Must be valid JSON',
    });
    expect(parseEvents('[{"sensorId":"a","value":"hot"}]')).toEqual({
      ok: false,
      error: 'event 1: value: Must be a number',
    });
    expect(parseEvents('{"sensorId":"a","value":1}\n{"value":2}')).toEqual({
      ok: false,
      error: 'event 2 (line 2): sensorId: Required',
    });
    expect(parseEvents('[{"sensorId":"","value":1}]')).toEqual({
      ok: false,
      error: 'event 1: sensorId: Required',
    });
    // Named fields travel with an event; a name that cannot be a field is refused, named.
    expect(parseEvents('[{"sensorId":"a","value":1,"temp":3}]')).toMatchObject({
      ok: true,
      events: [{ sensorId: 'a', value: 1, temp: 3 }],
    });
    expect(parseEvents('[{"sensorId":"a","value":1,"toString":3}]')).toEqual({
      ok: false,
      error: 'event 1: toString: field name "toString" is reserved',
    });
    expect(parseEvents('[1]')).toMatchObject({ ok: false, error: /^event 1: Must be an object/ });
    expect(parseEvents('[]')).toMatchObject({ ok: false, error: /No events/ });
  });

  it('refuses more events than one publish takes', () => {
    const many = Array.from({ length: MAX_EVENTS + 1 }, (_, i) => ({ sensorId: 's', value: i }));
    expect(parseEvents(JSON.stringify(many))).toMatchObject({ ok: false, error: /At most 10,000 events/ });
  });
});
