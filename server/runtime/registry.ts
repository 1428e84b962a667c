import type { AnyActorDefinition } from './definition.ts';
import { ActorError } from './errors.ts';

/** The actor types this runtime can activate. */
export class TypeRegistry {
  private types = new Map<string, AnyActorDefinition>();

  register(definition: AnyActorDefinition): void {
    if (this.types.has(definition.type)) {
      throw new ActorError('CONFLICT', `actor type "${definition.type}" is already registered`);
    }
    this.types.set(definition.type, definition);
  }

  /** Swaps the definition of a registered type (redeploy, dev reload); NOT_FOUND if it was never registered. */
  replace(definition: AnyActorDefinition): AnyActorDefinition {
    const previous = this.require(definition.type);
    this.types.set(definition.type, definition);
    return previous;
  }

  find(type: string): AnyActorDefinition | undefined {
    return this.types.get(type);
  }

  require(type: string): AnyActorDefinition {
    const definition = this.types.get(type);
    if (!definition) throw new ActorError('NOT_FOUND', `unknown actor type "${type}"`);
    return definition;
  }

  all(): AnyActorDefinition[] {
    return [...this.types.values()];
  }
}
