// A pipeline's durable streams: its results, and the side streams of records behind the watermark
// (`late`) and of numbers that left the finite range (`errors`). Pipeline ids are [a-z0-9-], so the
// ':' suffix cannot collide with another pipeline's results.
export const PIPELINE_STREAMS = ['results', 'late', 'errors'] as const;
export type PipelineStream = (typeof PIPELINE_STREAMS)[number];

export const streamName = (pipelineId: string, stream: PipelineStream): string =>
  stream === 'results' ? pipelineId : `${pipelineId}:${stream}`;
