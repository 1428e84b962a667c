// Server components' view of the process's Troupe (server/main.ts keeps it on globalThis): enough
// to answer a page for something that does not exist with a real 404. Undefined at build time and
// in any process without a runtime (then pages render and ask the control plane as usual).

export function pipelineExists(id: string): boolean | undefined {
  const troupe = globalThis.__troupe;
  return troupe ? troupe.pipelines.find(id) !== undefined : undefined;
}
