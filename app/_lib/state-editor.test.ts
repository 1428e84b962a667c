// The initial-state editor's checks: JSON first (with where it broke), then the control plane's JSON
// data rules, then the type's state schema, in the invoke form's words.
import { describe, expect, it } from 'vitest';
import { checkInitialState } from './state-editor.ts';

const counter = { type: 'object', properties: { count: { type: 'number' } }, required: ['count'] };
const nested = {
  type: 'object',
  properties: {
    room: {
      type: 'object',
      properties: { size: { type: 'integer', minimum: 1 }, name: { type: 'string', maxLength: 3 } },
      required: ['size'],
    },
    tags: { type: 'array', items: { type: 'string' } },
    mode: { enum: ['a', 'b'] },
  },
  required: ['room'],
};

describe('checkInitialState', () => {
  it('passes a matching state, and blank text means the default', () => {
    expect(checkInitialState('{"count": 5}', counter)).toEqual({ ok: true, value: { count: 5 } });
    expect(checkInitialState('  \n', counter)).toEqual({ ok: true, value: undefined });
  });

  it('says where JSON breaks', () => {
    const check = checkInitialState('{\n  "count": 5,\n}', counter);
    expect(check).toEqual({
      ok: false,
      error: expect.stringMatching(/^Must be valid JSON \(line 3, column 1\)$/),
    });
  });

  it('refuses null and what the control plane refuses', () => {
    expect(checkInitialState('null', counter)).toMatchObject({ ok: false, error: /null is not a state/ });
    expect(checkInitialState('{"count": 1, "__proto__": {}}', counter)).toMatchObject({
      ok: false,
      error: /^__proto__: /,
    });
  });

  it('checks the schema with the invoke form words and a path', () => {
    expect(checkInitialState('{"count": "5"}', counter)).toEqual({
      ok: false,
      error: 'count: Must be a number',
    });
    expect(checkInitialState('{}', counter)).toEqual({ ok: false, error: 'count: Required' });
    expect(checkInitialState('[1]', counter)).toEqual({ ok: false, error: 'Must be an object' });
    expect(checkInitialState('{"room": {"size": 1.5}}', nested)).toEqual({
      ok: false,
      error: 'room.size: Must be an integer',
    });
    expect(checkInitialState('{"room": {"size": 0}}', nested)).toEqual({
      ok: false,
      error: 'room.size: Must be at least 1',
    });
    expect(checkInitialState('{"room": {"size": 2, "name": "long"}}', nested)).toEqual({
      ok: false,
      error: 'room.name: Must be at most 3 characters',
    });
    expect(checkInitialState('{"room": {"size": 2}, "tags": ["a", 3]}', nested)).toEqual({
      ok: false,
      error: 'tags[1]: Must be a string',
    });
    expect(checkInitialState('{"room": {"size": 2}, "mode": "c"}', nested)).toEqual({
      ok: false,
      error: 'mode: Must be one of "a", "b"',
    });
    expect(checkInitialState('{"room": {"size": 2}, "extra": true}', nested)).toMatchObject({ ok: true });
  });
});
