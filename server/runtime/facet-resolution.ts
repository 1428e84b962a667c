// Resolves a definition's facet list once (cached per definition object): the runtime's paths read
// booleans, not lists. Shorthand options (`idleTimeoutMs`, `journal`) fold into the defaults.
import type { CustomFacet, Facet, FacetContext, FacetTurn, ResolvedFacets } from './actor-facets.ts';
import type { ActorContext, AnyActorDefinition } from './definition.ts';
import { ActorError } from './errors.ts';

const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
const DEFAULT_JOURNAL_KEEP = 200;
const BUILT_IN = new Set(['virtual', 'durable', 'alarms', 'journal']);

type Hook = ((ctx: ActorContext<unknown>) => unknown) | undefined;

/** One hook running the type's own, then each facet's, in order; undefined when none is set. */
function chainHooks(own: Hook, facets: Hook[]) {
  const hooks = [own, ...facets].filter((h): h is NonNullable<Hook> => h !== undefined);
  if (hooks.length === 0) return undefined;
  return async (ctx: ActorContext<unknown>) => {
    for (const hook of hooks) await hook(ctx);
  };
}

const resolved = new WeakMap<AnyActorDefinition, ResolvedFacets>();

export function resolveFacets(definition: AnyActorDefinition): ResolvedFacets {
  let facets = resolved.get(definition);
  if (!facets) {
    facets = resolve(definition);
    resolved.set(definition, facets);
  }
  return facets;
}

function defaultFacets(definition: AnyActorDefinition): Facet[] {
  const list: Facet[] = [{ kind: 'virtual' }, { kind: 'durable' }, { kind: 'alarms' }];
  const { journal } = definition;
  if (journal) list.push({ kind: 'journal', keep: journal === true ? undefined : journal.retain });
  return list;
}

function resolve(definition: AnyActorDefinition): ResolvedFacets {
  const { type } = definition;
  const list = definition.facets ?? defaultFacets(definition);
  if (!Array.isArray(list)) throw new ActorError('BAD_INPUT', `facets of "${type}" must be an array`);
  const seen = new Set<string>();
  const custom: CustomFacet[] = [];
  let idleTimeoutMs = definition.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  let journalKeep = 0;
  for (const facet of list as Facet[]) {
    const kind = (facet as { kind?: unknown } | null)?.kind;
    const name = kind === 'custom' ? (facet as CustomFacet).name : kind;
    if (typeof name !== 'string' || (kind !== 'custom' && !BUILT_IN.has(name))) {
      throw new ActorError(
        'BAD_INPUT',
        `facets of "${type}": ${JSON.stringify(kind)} is not a facet (use virtual(), durable(), alarms(), journal() or defineFacet())`,
      );
    }
    if (seen.has(name)) throw new ActorError('BAD_INPUT', `facets of "${type}": "${name}" appears twice`);
    seen.add(name);
    if (facet.kind === 'virtual' && facet.idleTimeoutMs !== undefined) {
      if (!(facet.idleTimeoutMs > 0)) {
        throw new ActorError('BAD_INPUT', `virtual({ idleTimeoutMs }) of "${type}" must be positive`);
      }
      idleTimeoutMs = facet.idleTimeoutMs;
    }
    if (facet.kind === 'journal') {
      journalKeep = facet.keep ?? DEFAULT_JOURNAL_KEEP;
      if (!Number.isInteger(journalKeep) || journalKeep < 1) {
        throw new ActorError('BAD_INPUT', `journal({ keep }) of "${type}" must be a positive integer`);
      }
    }
    if (facet.kind === 'custom') custom.push(facet);
  }
  custom.sort((a, b) => a.priority - b.priority);
  const beforeTurn = custom.flatMap((f) => (f.beforeTurn ? [synchronousBeforeTurn(f)] : []));
  return {
    onActivate: chainHooks(
      definition.onActivate,
      custom.map((f) => f.onActivate?.bind(f)),
    ),
    onDeactivate: chainHooks(
      definition.onDeactivate,
      custom.map((f) => f.onDeactivate?.bind(f)),
    ),
    beforeTurn: beforeTurn.length > 0 ? beforeTurn : null,
    virtual: seen.has('virtual'),
    durable: seen.has('durable'),
    alarms: seen.has('alarms'),
    journalKeep,
    idleTimeoutMs,
    custom,
    names: [...seen],
  };
}

/**
 * beforeTurn decides synchronously (its type says void, which an async function also satisfies): a
 * promise would let the turn run whatever it decides, and its rejection would go unhandled and end
 * the process. So a promise refuses the turn, naming the facet, and its outcome is dropped.
 */
function synchronousBeforeTurn(facet: CustomFacet) {
  const hook = facet.beforeTurn!.bind(facet);
  return (ctx: FacetContext, turn: FacetTurn): void => {
    const outcome: unknown = hook(ctx, turn);
    if (typeof (outcome as PromiseLike<unknown> | null)?.then !== 'function') return;
    (outcome as PromiseLike<unknown>).then(undefined, () => {});
    throw new Error(
      `facet "${facet.name}": beforeTurn returned a promise; it must be synchronous (throw to refuse)`,
    );
  };
}
