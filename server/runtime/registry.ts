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
