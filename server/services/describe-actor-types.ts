import { z } from 'zod';
import { journalRetention } from '../runtime/definition.ts';
import type { Runtime } from '../runtime/runtime.ts';

export interface TActorTypeInfo {
  type: string;
  idleTimeoutMs: number;
  journal: boolean;
  actions: { name: string; description: string | null; input: unknown }[];
}

/** Every registered type with each action's input as JSON Schema: it drives the dashboard's forms. */
export function describeActorTypes(runtime: Runtime): TActorTypeInfo[] {
  return runtime.registry.all().map((definition) => ({
    type: definition.type,
    idleTimeoutMs: definition.idleTimeoutMs ?? 30_000,
    journal: journalRetention(definition) > 0,
    actions: Object.entries(definition.actions).map(([name, action]) => ({
      name,
      description: action.description ?? null,
      // 'input' mode: fields with defaults are optional, as callers see them.
      input: z.toJSONSchema(action.input, { io: 'input', unrepresentable: 'any' }),
    })),
  }));
}
