// Every tRPC procedure of the control plane, by path, and whether it is a query (GET) or a mutation.
import { appRouter } from '../../api/root.ts';

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;

export const PROCEDURE_PATHS = Object.keys(procedures);

export const isQuery = (path: string) => procedures[path]?._def.type === 'query';
