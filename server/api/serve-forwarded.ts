// Cluster mode: the control-plane procedures other nodes forward to this one (a pipeline's home)
// run through tRPC's server-side caller, with the same validation and errors as over HTTP. Nodes
// trust each other (NATS is the cluster's private network); the caller at the edge was checked.
import type { Troupe } from '../troupe.ts';
import { createContextInner } from './context.ts';
import { isPipelineProcedure } from './pipeline-home.ts';
import { createCaller } from './root.ts';

/** Serves the pipeline procedures other nodes forward to this one (their home). */
export function servePipelineProcedures(troupe: Troupe): void {
  troupe.cluster?.serveProcedures(async (path, input) => {
    const [domain, name] = path.split('.');
    const caller = createCaller(createContextInner({ troupe, forwarded: true })).pipelines;
    if (domain !== 'pipelines' || !isPipelineProcedure(name)) {
      throw new Error(`not a forwardable procedure: ${path}`);
    }
    const procedure = caller[name] as (input: unknown) => Promise<unknown>;
    return procedure(input);
  });
}
