// Placement: where an actor's activation lives. Every message is routed through `locate`, so the
// runtime can later place activations on worker threads or other nodes without changing callers.
// Today there is one node and every actor is local.

export type Placement = { node: 'local' };

export interface Directory {
  locate(type: string, key: string): Placement;
}

const LOCAL: Placement = { node: 'local' };

export const localDirectory: Directory = {
  locate: () => LOCAL,
};
