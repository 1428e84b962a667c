// Loads Prisma's official wasm schema engine (@prisma/schema-engine-wasm, a devDependency): the
// offline stand-in for `prisma migrate dev` / `prisma migrate diff`, whose native engine cannot be
// downloaded here. It drives a real database through a Prisma driver adapter.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlResultSet,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
import type pg from 'pg';

export type { SchemaEngine };
export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

type Glue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
let glue: Promise<Glue> | undefined;

// The package's entry point does `import * as wasm from './schema_engine_bg.wasm'`, which Node 20
// cannot load; so instantiate the .wasm against the package's JS glue, as a bundler would.
async function instantiate(): Promise<Glue> {
  const module = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bytes = readFileSync(join(dirname(gluePath), 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': module });
  module.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return module;
}

/** A schema engine for `schemaPath`, connected through `adapter`; call free() when done. */
export async function openSchemaEngine(
  schemaPath: string,
  adapter: SqlMigrationAwareDriverAdapterFactory,
): Promise<SchemaEngine> {
  glue ??= instantiate();
  const { SchemaEngine } = await glue;
  const log = (line: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(`${line}\n`);
  };
  const schema = readFileSync(schemaPath, 'utf8');
  return SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    log,
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
}

/**
 * The SQL that takes the engine's live database to the schema file, or null when they already match
 * (tables, columns, types, defaults, keys and indexes).
 */
export async function diffDatabaseAgainstSchema(
  engine: SchemaEngine,
  schemaPath: string,
  configDir: string,
): Promise<string | null> {
  const files = [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }];
  const result = await engine.diff({
    from: { tag: 'schemaDatasource', files, configDir },
    to: { tag: 'schemaDatamodel', files },
    script: true,
    exitCode: true, // exit code 2 means "non-empty diff"
    filters: NO_FILTER,
  });
  return result.exitCode === 2 ? (result.stdout ?? '') : null;
}

const PG_CHAR_OID = 18; // PostgreSQL's internal one-byte "char" (pg_class.relkind, ...)

/**
 * A PostgreSQL adapter for the schema engine. The engine introspects the catalog, whose "char"
 * columns @prisma/adapter-pg 7.10 cannot type (UnsupportedNativeDataType): each connection reports
 * them as OID 0 and the results as ColumnType.Character, which is what the engine reads them as.
 */
export function schemaEngineAdapter(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const charColumns = new WeakMap<object, number[]>();
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const retype = (res: pg.QueryResult) => {
        const chars = (res.fields ?? []).flatMap((f, i) => (f.dataTypeID === PG_CHAR_OID ? [i] : []));
        for (const i of chars) (res.fields[i] as { dataTypeID: number }).dataTypeID = 25;
        if (chars.length > 0) charColumns.set(res.rows, chars);
        return res;
      };
      // pg.Pool.query calls its client with a callback; direct callers get a promise.
      const callback = args.at(-1);
      if (typeof callback === 'function')
        args[args.length - 1] = (error: Error | null, res: pg.QueryResult) =>
          callback(error, res && retype(res));
      const result = query(...args);
      return result instanceof Promise ? result.then(retype) : result;
    }) as typeof client.query;
  });
  return wrapQueries(new PrismaPg(pool), (result) => {
    const chars = charColumns.get(result.rows);
    if (chars) for (const i of chars) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  });
}

/** The factory, with every queryRaw result (of its connections and their transactions) passed through `fix`. */
function wrapQueries(
  factory: SqlMigrationAwareDriverAdapterFactory,
  fix: (result: SqlResultSet) => SqlResultSet,
): SqlMigrationAwareDriverAdapterFactory {
  const wrap = <T extends object>(target: T, methods: Record<string, (value: unknown) => unknown>): T =>
    new Proxy(target, {
      get(object, prop) {
        const value = Reflect.get(object, prop, object);
        if (typeof value !== 'function') return value;
        const after = typeof prop === 'string' ? methods[prop] : undefined;
        return (...args: unknown[]) => {
          const result = value.apply(object, args);
          return after ? (result as Promise<unknown>).then(after) : result;
        };
      },
    });
  const queryable = (q: unknown): unknown =>
    wrap(q as object, { queryRaw: (r) => fix(r as SqlResultSet), startTransaction: queryable });
  return wrap(factory, { connect: queryable, connectToShadowDb: queryable });
}
