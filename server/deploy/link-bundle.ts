// Links an uploaded actor module against this server. `troupe deploy` bundles the user's file with
// 'troupe' and 'zod' left as imports; here those imports are pointed at the absolute file URLs of the
// server's own runtime and zod, so the deployed module shares the server's module instances (one
// ActorError class, one zod for schemas and JSON Schema). Anything else it imports must already be
// inside the bundle: the server installs nothing on a deploy.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Message, type Plugin } from 'esbuild';
import { ActorError } from '../runtime/errors.ts';

/**
 * Largest module a deploy accepts. The control plane refuses request bodies over 1 MiB
 * (http-server.ts MAX_BODY_BYTES) and JSON escaping grows source text, so stay well under it.
 */
export const MAX_DEPLOY_BYTES = 768 * 1024;

export const BARE_IMPORT_MESSAGE =
  'deployed modules may import only troupe, zod and node builtins; bundle the rest';

const PACKAGE_ROOT = new URL('../../', import.meta.url);

export interface LinkedBundle {
  /** ESM source whose imports are node builtins and absolute file URLs into this server. */
  code: string;
  /** sha256 hex of the source as uploaded. */
  sourceHash: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Throws PAYLOAD_TOO_LARGE for a module over MAX_DEPLOY_BYTES. */
export function assertDeploySize(source: string): void {
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > MAX_DEPLOY_BYTES) {
    throw new ActorError(
      'PAYLOAD_TOO_LARGE',
      `deployed module is ${bytes} bytes; the limit is ${MAX_DEPLOY_BYTES} bytes`,
    );
  }
}

/** Links `source` (an ESM bundle) for this server; BAD_INPUT for syntax errors and foreign imports. */
export async function linkBundle(source: string, fileName: string): Promise<LinkedBundle> {
  assertDeploySize(source);
  try {
    const result = await build({
      stdin: { contents: source, loader: 'js', sourcefile: fileName },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      plugins: [serverImports],
    });
    const code = result.outputFiles[0]?.text ?? '';
    return { code, sourceHash: sha256Hex(source) };
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    if (!messages?.length) throw error;
    throw new ActorError('BAD_INPUT', `${fileName}: ${messages.slice(0, 3).map(describeMessage).join('; ')}`);
  }
}

function describeMessage(message: Message): string {
  const at = message.location ? ` (line ${message.location.line}:${message.location.column})` : '';
  return `${message.text}${at}`;
}

/** esbuild plugin: every import is either pointed at the server's own module or refused. */
const serverImports: Plugin = {
  name: 'troupe-server-imports',
  setup(onBuild) {
    onBuild.onResolve({ filter: /.*/ }, ({ path }) => {
      const target = serverModuleUrl(path);
      if (target) return { path: target, external: true };
      if (isBuiltin(path)) return { path, external: true };
      return { errors: [{ text: `cannot import "${path}": ${BARE_IMPORT_MESSAGE}` }] };
    });
  },
};

/** The file URL this server loads for `troupe`, `troupe/<sub>`, `zod` or `zod/<sub>`; else null. */
export function serverModuleUrl(specifier: string): string | null {
  if (specifier === 'troupe' || specifier.startsWith('troupe/')) return ownExport(specifier);
  if (specifier === 'zod' || specifier.startsWith('zod/')) {
    try {
      return import.meta.resolve(specifier);
    } catch {
      return null;
    }
  }
  return null;
}

let ownExports: Record<string, string> | null = null;

/** `troupe[/sub]` through this package's own `exports` map, as Node's self-reference would. */
function ownExport(specifier: string): string | null {
  ownExports ??= JSON.parse(readFileSync(fileURLToPath(new URL('package.json', PACKAGE_ROOT)), 'utf8'))
    .exports as Record<string, string>;
  const key = specifier === 'troupe' ? '.' : `./${specifier.slice('troupe/'.length)}`;
  const target = ownExports[key];
  return typeof target === 'string' ? new URL(target, PACKAGE_ROOT).href : null;
}
