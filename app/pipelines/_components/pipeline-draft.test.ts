import { describe, expect, it } from 'vitest';
import {
  REFERENCE_PIPELINE,
  type TPipelineSpecInput,
  ZPipelineSpecSchema,
} from '../../../server/pipelines/spec.ts';
import {
  blankOperator,
  buildSpec,
  draftFromSpec,
  referenceDraft,
  type TOperatorDraft,
  type TPipelineDraft,
} from './pipeline-draft.ts';

const parse = (spec: TPipelineSpecInput) => ZPipelineSpecSchema.parse(spec);

function draftWith(...operators: TOperatorDraft[]): TPipelineDraft {
  return {
    name: 'p',
    keyBy: 'sensorId',
    priority: '1',
    maxOutOfOrderMs: '0',
    allowedLatenessMs: '0',
    operators,
  };
}

function windowDraft(change: Partial<TOperatorDraft['window']>, field = ''): TOperatorDraft {
  const op = blankOperator('window');
  return { ...op, field, window: { ...op.window, ...change } };
}

/** Builds a draft that must be valid and returns the spec as the server will hold it. */
function built(draft: TPipelineDraft) {
  const { spec, errors } = buildSpec(draft);
  expect(errors).toEqual({});
  expect(spec).not.toBeNull();
  return parse(spec!);
}

describe('referenceDraft', () => {
  it('is the reference pipeline, with event time at its defaults', () => {
    const spec = built(referenceDraft());
    const reference = parse(REFERENCE_PIPELINE);
    expect(spec).toEqual({ ...reference, name: 'sensor-pipeline' });
    expect(spec.eventTime).toEqual({ maxOutOfOrderMs: 0, allowedLatenessMs: 0 });
  });
});

describe('buildSpec: window kinds', () => {
  it('sends only the inputs of the chosen kind, keeping the others in the draft', () => {
    const base = { size: '7', timeMs: '1000', slideMs: '250', gapMs: '400' };
    const config = (mode: TOperatorDraft['window']['mode']) =>
      built(draftWith(windowDraft({ ...base, mode }))).operators[0]!.config;
    expect(config('count')).toEqual({ size: 7, fns: ['max', 'min'] });
    expect(config('tumbling')).toEqual({ timeMs: 1000, fns: ['max', 'min'] });
    expect(config('sliding')).toEqual({ timeMs: 1000, slideMs: 250, fns: ['max', 'min'] });
    expect(config('session')).toEqual({ gapMs: 400, fns: ['max', 'min'] });
  });

  it('requires the inputs of the chosen kind, at their own path', () => {
    const { spec, errors } = buildSpec(draftWith(windowDraft({ mode: 'sliding', slideMs: ' ' })));
    expect(spec).toBeNull();
    expect(errors).toEqual({ 'operators.0.config.slideMs': 'Required' });
    const session = buildSpec(draftWith(windowDraft({ mode: 'session', gapMs: 'soon' })));
    expect(session.errors).toEqual({ 'operators.0.config.gapMs': 'Must be a number' });
  });

  it("shows the schema's slide rule at the slide input", () => {
    const { errors } = buildSpec(draftWith(windowDraft({ mode: 'sliding', timeMs: '100', slideMs: '200' })));
    expect(Object.keys(errors)).toEqual(['operators.0.config.slideMs']);
    expect(errors['operators.0.config.slideMs']).toContain('slideMs must be at most timeMs');
  });

  it('sends emitPartial and timeoutMs only where they apply', () => {
    const count = built(draftWith(windowDraft({ mode: 'count', emitPartial: true, timeoutMs: '5000' })));
    expect(count.operators[0]!.config).toMatchObject({ size: 3, emitPartial: true, timeoutMs: 5000 });
    const tumbling = built(
      draftWith(windowDraft({ mode: 'tumbling', emitPartial: true, timeoutMs: '5000' })),
    );
    expect(tumbling.operators[0]!.config).toEqual({ timeMs: 1000, fns: ['max', 'min'], timeoutMs: 5000 });
    const reduce = blankOperator('reduce');
    reduce.reduce = { ...reduce.reduce, emitPartial: true, timeoutMs: '250' };
    expect(built(draftWith(reduce)).operators[0]!.config).toEqual({
      windowSize: 5,
      fn: 'avg',
      timeoutMs: 250,
      emitPartial: true,
    });
    const late = buildSpec(draftWith(windowDraft({ mode: 'tumbling', timeoutMs: '0' })));
    expect(Object.keys(late.errors)).toEqual(['operators.0.config.timeoutMs']);
  });
});

describe('buildSpec: fields and event time', () => {
  it('sends the field an operator reads and where a map writes; empty means the value field', () => {
    const map = blankOperator('map');
    map.field = ' humidity ';
    map.map = { ...map.map, scale: '2', as: 'humidity2' };
    const filter = { ...blankOperator('filter'), field: 'humidity2' };
    const plain = blankOperator('filter');
    const spec = built(draftWith(map, filter, plain, windowDraft({ fns: ['sum'] }, 'humidity2')));
    expect(spec.operators.map((op) => op.config)).toEqual([
      { scale: 2, offset: 0, field: 'humidity', as: 'humidity2' },
      { field: 'humidity2', op: '>', threshold: 50 },
      { op: '>', threshold: 50 },
      { size: 3, fns: ['sum'], field: 'humidity2' },
    ]);
  });

  it('refuses reserved and malformed field names at the field', () => {
    const map = blankOperator('map');
    map.field = 'constructor';
    map.map = { ...map.map, as: 'windowEnd' };
    const filter = { ...blankOperator('filter'), field: '2x' };
    const { spec, errors } = buildSpec(draftWith(map, filter));
    expect(spec).toBeNull();
    expect(errors['operators.0.config.field']).toContain('reserved');
    expect(errors['operators.0.config.as']).toContain('reserved');
    expect(errors['operators.1.config.field']).toContain('a field name is a letter');
    // Fields the engine writes may be read, not written.
    expect(buildSpec(draftWith({ ...blankOperator('filter'), field: 'windowStart' })).errors).toEqual({});
  });

  it('sends event time, empty as the default 0, and shows bad values at their input', () => {
    const draft = { ...draftWith(windowDraft({ mode: 'tumbling' })), maxOutOfOrderMs: '500' };
    expect(built({ ...draft, allowedLatenessMs: '' }).eventTime).toEqual({
      maxOutOfOrderMs: 500,
      allowedLatenessMs: 0,
    });
    expect(built({ ...draft, allowedLatenessMs: '2000' }).eventTime).toEqual({
      maxOutOfOrderMs: 500,
      allowedLatenessMs: 2000,
    });
    const bad = buildSpec({ ...draft, maxOutOfOrderMs: '-1', allowedLatenessMs: '1.5' });
    expect(bad.spec).toBeNull();
    expect(Object.keys(bad.errors).sort()).toEqual([
      'eventTime.allowedLatenessMs',
      'eventTime.maxOutOfOrderMs',
    ]);
    expect(buildSpec({ ...draft, maxOutOfOrderMs: 'x' }).errors).toEqual({
      'eventTime.maxOutOfOrderMs': 'Must be a number',
    });
  });

  it('shows the keyBy null rule at the partitions of the operator it names', () => {
    const map = { ...blankOperator('map'), partitions: '2' };
    const window = windowDraft({ mode: 'tumbling' });
    const after = { ...blankOperator('filter'), partitions: '4' };
    const { errors } = buildSpec({ ...draftWith(map, window, after), keyBy: 'global' });
    expect(Object.keys(errors)).toEqual(['operators.0.partitions']);
    expect(errors['operators.0.partitions']).toContain('keyBy null');
  });
});

describe('draftFromSpec', () => {
  const specs: TPipelineSpecInput[] = [
    REFERENCE_PIPELINE,
    {
      name: 'event-time',
      keyBy: null,
      priority: 2,
      eventTime: { maxOutOfOrderMs: 500, allowedLatenessMs: 1000 },
      operators: [
        { kind: 'map', config: { preset: 'c_to_f', field: 'temp', as: 'tempF', round: 1 } },
        { kind: 'filter', config: { field: 'tempF', op: '<=', threshold: 90 } },
        { kind: 'window', config: { timeMs: 1000, slideMs: 250, fns: ['avg', 'sum'], field: 'tempF' } },
        { kind: 'window', config: { gapMs: 300, fns: ['count'], timeoutMs: 2000, field: 'avg' } },
        {
          kind: 'reduce',
          config: { windowSize: 4, fn: 'max', field: 'count', timeoutMs: 10, emitPartial: true },
        },
        { kind: 'window', config: { size: 2, fns: ['min'], emitPartial: true, timeoutMs: 60_000 } },
        { kind: 'map', config: {}, partitions: 3 },
      ],
    },
  ];

  it('round-trips every option through the draft', () => {
    for (const spec of specs) {
      expect(built(draftFromSpec(spec))).toEqual(parse(spec));
    }
  });
});
