// What a type is made of, as badges: first what its facets mean for the operator (app/_lib/facets.ts),
// then the facets themselves.
import { facetNotes } from '../../_lib/facets.ts';

export function FacetBadges({ facets }: { facets: readonly string[] }) {
  return (
    <span className="chips" data-testid="type-facets">
      {facetNotes(facets).map((note) => (
        <span
          key={note.label}
          className="badge"
          data-tone="warn"
          title={note.hint}
          data-testid="type-facet-note"
        >
          {note.label}
        </span>
      ))}
      {facets.map((facet) => (
        <span key={facet} className="chip mono" data-testid="type-facet">
          {facet}
        </span>
      ))}
    </span>
  );
}
