// What an actor type's facets mean for the operator, in words: the two absences that change how an
// actor is kept or reached. Shared by the Types page and the actor page's header.

export interface TFacetNote {
  /** Short badge text. */
  label: string;
  /** What it means, for the badge's tooltip. */
  hint: string;
}

/** The notes a type's facets call for ("ephemeral" without `durable`, "spawn-only" without `virtual`). */
export function facetNotes(facets: readonly string[]): TFacetNote[] {
  const notes: TFacetNote[] = [];
  if (!facets.includes('durable')) {
    notes.push({
      label: 'ephemeral',
      hint: 'No durable facet: the state lives in memory only and is lost on deactivation or restart.',
    });
  }
  if (!facets.includes('virtual')) {
    notes.push({
      label: 'spawn-only',
      hint: 'No virtual facet: reachable only after an explicit spawn; other keys answer NOT_FOUND.',
    });
  }
  return notes;
}
