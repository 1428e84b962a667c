// types.list: every actor type this server knows, with where it comes from and, for deployed types,
// the version that serves; plus deployed types whose stored version failed to load at start.
import { resolveFacets } from '../runtime/facet-resolution.ts';
import { type DeployHost, deploymentsOf, folderFilesOf } from './deployed-types.ts';
import { originOf, type TypeOrigin } from './type-origin.ts';

export interface TTypeListing {
  type: string;
  origin: TypeOrigin;
  file: string | null;
  version: number | null;
  deployedAt: number | null;
  sourceHash: string | null;
  facets: string[];
  actions: string[];
  loadError: string | null;
}

export function listTypes(host: DeployHost): TTypeListing[] {
  const deployed = deploymentsOf(host).deployed();
  const folderFiles = folderFilesOf(host);
  const rows: TTypeListing[] = host.runtime.registry.all().map((definition) => {
    const state = deployed.get(definition.type);
    const serving = state?.serving ? state.latest : null;
    return {
      type: definition.type,
      origin: serving ? 'deployed' : originOf(definition, folderFiles),
      file: serving ? serving.fileName : (folderFiles.get(definition.type) ?? null),
      version: serving?.version ?? null,
      deployedAt: serving?.deployedAt ?? null,
      sourceHash: serving?.sourceHash ?? null,
      facets: [...resolveFacets(definition).names],
      actions: Object.keys(definition.actions),
      loadError: state?.loadError ?? null,
    };
  });
  // A deployed type whose stored version did not load serves nothing, but its operator must see why.
  for (const [type, { latest, serving, loadError }] of deployed) {
    if (serving || host.runtime.registry.find(type)) continue;
    rows.push({
      type,
      origin: 'deployed',
      file: latest.fileName,
      version: latest.version,
      deployedAt: latest.deployedAt,
      sourceHash: latest.sourceHash,
      facets: [],
      actions: [],
      loadError,
    });
  }
  return rows.sort((a, b) => a.type.localeCompare(b.type));
}
