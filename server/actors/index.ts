import type { AnyActorDefinition } from '../runtime/definition.ts';
import { counter } from './counter.ts';

/** The actor types every Troupe process registers at boot. */
export const builtinActorTypes: AnyActorDefinition[] = [counter];
