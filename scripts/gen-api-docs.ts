// Generates docs/api.md from the router itself: every procedure of appRouter, its kind, whether it
// needs the token, its description (the JSDoc above it in server/api/routers/*.ts, else a summary
// below) and the JSON Schema of its input and output (z.toJSONSchema of the procedure's parsers).
//   npm run docs:api            rewrites docs/api.md
//   tsx scripts/gen-api-docs.ts prints it
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { appRouter } from '../server/api/root.ts';

const ROOT = join(import.meta.dirname, '..');

/** For procedures without a JSDoc of their own. */
const SUMMARY: Record<string, string> = {
  'actors.types': 'Registered actor types with each action and its input JSON Schema (drives invoke forms).',
  'actors.spawn': 'Creates an actor with optional initial state, labels and config; CONFLICT if it exists.',
  'actors.invoke':
    'Runs an action: `ask` waits for the committed result and state version, `tell` only enqueues. ' +
    'With `idempotencyKey`, a retry returns the first answer instead of applying the action again.',
  'actors.get': 'State, status, lifecycle history, journal and pending alarms of one actor.',
  'actors.list': 'Actors ordered by (type, key), resident and persisted, filtered and paginated by cursor.',
  'actors.deactivate':
    'Flushes and evicts a resident actor now; `deactivated: false` if it was not resident.',
  'actors.destroy':
    'Deletes an actor entirely: activation, state, alarms, journal. NOT_FOUND if it never existed.',
  'pipelines.create':
    'Creates and starts a pipeline from a declarative spec; the id is derived from its name.',
  'pipelines.list': 'Every pipeline with its counters, rates, latencies and operators.',
  'pipelines.get': 'One pipeline with its counters, rates, latencies and operators.',
  'pipelines.start': 'Resumes intake. Idempotent.',
  'pipelines.delete': "Stops intake, then removes the pipeline's operator state, results and spec.",
  'pipelines.scale':
    "Changes an operator's partition count while the pipeline runs (exact: state moves with keys).",
  'pipelines.results':
    'Sink outputs with `seq > afterSeq`, oldest first; `nextSeq` is the afterSeq of the next page.',
  'pipelines.simulate':
    'Starts the built-in sensor source at `ratePerSec` over `sensors` keys, optionally for `durationS`.',
  'system.metrics': 'Runtime counters (the Overview charts); Prometheus text is at `GET /metrics`.',
};

interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  inputs: z.ZodType[];
  output?: z.ZodType;
}

interface SourceInfo {
  description?: string;
  authed: boolean;
}

/** JSDoc and procedure builder of `name:` in each router file. */
function readRouterSources(): Map<string, SourceInfo> {
  const info = new Map<string, SourceInfo>();
  for (const domain of Object.keys(appRouter._def.record)) {
    const source = readFileSync(join(ROOT, 'server', 'api', 'routers', `${domain}.ts`), 'utf8');
    const entry = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?\n\s{2}(\w+): (authedProcedure|publicProcedure)/g;
    for (const match of source.matchAll(entry)) {
      const description = match[1]
        ?.split('\n')
        .map((line) => line.replace(/^\s*\*\s?/, '').trim())
        .filter(Boolean)
        .join(' ');
      info.set(`${domain}.${match[2]}`, { description, authed: match[3] === 'authedProcedure' });
    }
  }
  return info;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): string {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  delete json.$schema;
  return JSON.stringify(json, null, 2);
}

function inputSchema(inputs: z.ZodType[]): z.ZodType | null {
  if (inputs.length === 0) return null;
  return inputs.reduce((merged, next) => z.intersection(merged, next));
}

const HEADER = `# Control-plane API reference

> Generated from \`appRouter\` by \`npm run docs:api\` (scripts/gen-api-docs.ts). Do not edit by hand.

The control plane is tRPC v11 over HTTP at \`/api/trpc\`, with the superjson transformer. From
TypeScript use the client SDK (\`createTroupeClient\` in \`client/\`); from a shell, the
\`troupe\` CLI; from anything else, plain HTTP:

- **query**: \`GET /api/trpc/<procedure>?input=<url-encoded {"json": input}>\`
- **mutation**: \`POST /api/trpc/<procedure>\` with body \`{"json": input}\`
- answers are \`{"result": {"data": {"json": output}}}\`, or \`{"error": {"json": {message, code, data}}}\`
- batches: \`/api/trpc/a,b?batch=1\` with inputs keyed by index (what the SDK sends)
- every response carries \`x-request-id\` (yours if you sent one), also found in the server's logs

**Authentication.** When the server has \`TROUPE_TOKEN\`, every procedure marked *token* below
needs \`Authorization: Bearer <token>\` (or the dashboard's cookie); without it: \`UNAUTHORIZED\`.

**Errors.** Runtime errors map to tRPC codes in one place (server/api/trpc.ts); \`data.actorCode\` keeps
the runtime's own code and \`data.zodError\` the flattened input issues:

| runtime code          | tRPC code               | HTTP | CLI exit |
| --------------------- | ----------------------- | ---- | -------- |
| BAD_INPUT             | BAD_REQUEST             | 400  | 1        |
| NOT_FOUND             | NOT_FOUND               | 404  | 2        |
| CONFLICT              | CONFLICT                | 409  | 3        |
| PRECONDITION_FAILED   | PRECONDITION_FAILED     | 412  | 3        |
| TIMEOUT               | TIMEOUT                 | 408  | 4        |
| OVERLOADED            | TOO_MANY_REQUESTS       | 429  | 4        |
| UNAVAILABLE           | SERVICE_UNAVAILABLE     | 503  | 4        |
| ACTIVATION_FAILED     | SERVICE_UNAVAILABLE     | 503  | 5        |
| ACTION_FAILED         | UNPROCESSABLE_CONTENT   | 422  | 5        |
| PAYLOAD_TOO_LARGE     | PAYLOAD_TOO_LARGE       | 413  | 1        |
| (no token)            | UNAUTHORIZED            | 401  | 5        |
`;

export function generateApiDocs(): string {
  const sources = readRouterSources();
  // Typed as the nested router record, but flat at runtime: { "actors.invoke": procedure, ... }.
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>;
  const sections = Object.entries(procedures).map(([path, { _def }]) => {
    const source = sources.get(path);
    const input = inputSchema(_def.inputs);
    const lines = [
      `## ${path}`,
      '',
      `\`${_def.type}\` · ${source?.authed === false ? 'no token needed' : 'token'}`,
      '',
      source?.description || SUMMARY[path] || '',
      '',
      '**Input**',
      '',
      input ? `\`\`\`json\n${jsonSchema(input, 'input')}\n\`\`\`` : 'none',
    ];
    if (_def.output) {
      lines.push(
        '',
        '<details><summary>Output</summary>',
        '',
        `\`\`\`json\n${jsonSchema(_def.output, 'output')}\n\`\`\``,
        '',
        '</details>',
      );
    }
    return lines.join('\n');
  });
  const index = Object.keys(procedures)
    .map((path) => `[\`${path}\`](#${path.replace('.', '')})`)
    .join(' · ');
  return `${HEADER}\n${index}\n\n${sections.join('\n\n')}\n`;
}

if (process.argv[1] === import.meta.filename) {
  const text = generateApiDocs();
  const target = process.argv.includes('--write') ? join(ROOT, 'docs', 'api.md') : null;
  if (target) writeFileSync(target, text);
  else process.stdout.write(text);
}
