// The project's own durable counter (actors/counter.ts, journaled), served by the cluster bench's
// nodes: what "durable counter increments" measure.
export { counter } from '../../actors/counter.ts';
