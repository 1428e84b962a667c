import { z } from 'zod';
import { resolveFacets } from '../runtime/facet-resolution.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { describeStateShape, type TStateShape } from './state-schema.ts';

export interface TActorTypeInfo {
  type: string;
  idleTimeoutMs: number;
  journal: boolean;
  /** What the type is made of, e.g. ['virtual', 'durable', 'alarms', 'journal', 'audit']. */
  facets: string[];
  /** False: state lives in memory only (ephemeral). */
  durable: boolean;
  /** False: spawn-only; a message to a key never spawned answers NOT_FOUND. */
  virtual: boolean;
  /** Driven only by the runtime (pipeline operators and sinks): inspect, never invoke. */
  internal: boolean;
  actions: { name: string; description: string | null; input: unknown }[];
  /** The default state and a schema for initial states (the spawn form's editor); null if unknown. */
  state: TStateShape | null;
}

/** Every registered type with each action's input as JSON Schema: it drives the dashboard's forms. */
export function describeActorTypes(runtime: Runtime): TActorTypeInfo[] {
  return runtime.registry.all().map((definition) => {
    const facets = resolveFacets(definition);
    return {
      type: definition.type,
      idleTimeoutMs: facets.idleTimeoutMs,
      journal: facets.journalKeep > 0,
      facets: [...facets.names],
      durable: facets.durable,
      virtual: facets.virtual,
      internal: definition.internal === true,
      actions: Object.entries(definition.actions).map(([name, action]) => ({
        name,
        description: action.description ?? null,
        // 'input' mode: fields with defaults are optional, as callers see them.
        input: z.toJSONSchema(action.input, { io: 'input', unrepresentable: 'any' }),
      })),
      // Internal types are never spawned from outside: nothing to edit.
      state: definition.internal ? null : describeStateShape(definition),
    };
  });
}
