// Module resolution hook (node:module register): an actor module outside this project (an actors
// folder elsewhere, TROUPE_ACTORS_DIR) cannot find `troupe` or `zod` by walking up its own folders.
// A bare specifier that fails to resolve from its importer is resolved again as if imported from
// this project's root, so such modules share the server's own troupe and zod instances.
// Plain JavaScript: hooks run on the loader thread, before any TypeScript loader applies.
let projectParent;
let projectRoot;

export function initialize(data) {
  projectParent = data.projectParent;
  projectRoot = new URL('./', data.projectParent).href;
}

const BARE = /^(?![./]|[a-z][a-z0-9+.-]*:)/i;

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !BARE.test(specifier) || !projectParent) throw error;
    if (context.parentURL === projectParent) throw error;
    return nextResolve(specifier, { ...context, parentURL: projectParent });
  }
}

/**
 * A TypeScript or JavaScript module outside any package is CommonJS by Node's rules, and CommonJS
 * `require` bypasses resolve hooks: load the project's actor modules outside it as ES modules.
 * Not what such a folder installs in its own node_modules: a CommonJS package there stays CommonJS.
 */
export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  if (loaded.format !== 'commonjs' || !url.startsWith('file:') || url.startsWith(projectRoot)) return loaded;
  if (url.includes('/node_modules/')) return loaded;
  if (!/\.(ts|js)(\?.*)?$/.test(url)) return loaded;
  return nextLoad(url, { ...context, format: 'module' });
}
