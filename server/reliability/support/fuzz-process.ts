// What a fuzz case must never do to the process it runs in: throw an uncaught exception, leave a
// rejection unhandled, or change a shared prototype (pollution: every object then sees the change).
// The server is in-process, so both are observable here; each check also undoes what it found, so
// the next case (and fast-check's shrinking) starts from a clean process.

/** Records uncaught exceptions and unhandled rejections from `start()` until `stop()`. */
export function watchProcessErrors() {
  const errors: string[] = [];
  const record = (kind: string) => (error: unknown) => {
    errors.push(`${kind}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  };
  const onException = record('uncaughtException');
  const onRejection = record('unhandledRejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    /** The errors since the last call. */
    take: () => errors.splice(0),
    stop() {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}

/** The prototypes every object, array, function, string and promise inherits from. */
const GUARDED: Record<string, object> = {
  'Object.prototype': Object.prototype,
  'Array.prototype': Array.prototype,
  'Function.prototype': Function.prototype,
  'String.prototype': String.prototype,
  'Number.prototype': Number.prototype,
  'Promise.prototype': Promise.prototype,
};

type Snapshot = Map<string, Map<PropertyKey, PropertyDescriptor>>;

function snapshot(): Snapshot {
  const result: Snapshot = new Map();
  for (const [name, proto] of Object.entries(GUARDED)) {
    const own = new Map<PropertyKey, PropertyDescriptor>();
    for (const key of Reflect.ownKeys(proto)) own.set(key, Object.getOwnPropertyDescriptor(proto, key)!);
    result.set(name, own);
  }
  return result;
}

const sameDescriptor = (a: PropertyDescriptor, b: PropertyDescriptor) =>
  a.value === b.value && a.get === b.get && a.set === b.set && a.enumerable === b.enumerable;

/** Takes the clean state now; `check()` later names every change since and restores the clean state. */
export function guardPrototypes() {
  const clean = snapshot();
  return {
    check(): string[] {
      const changes: string[] = [];
      for (const [name, proto] of Object.entries(GUARDED)) {
        const before = clean.get(name)!;
        for (const key of Reflect.ownKeys(proto)) {
          const now = Object.getOwnPropertyDescriptor(proto, key)!;
          const was = before.get(key);
          if (was && sameDescriptor(was, now)) continue;
          changes.push(`${name}.${String(key)} ${was ? 'changed' : 'added'}`);
          Reflect.deleteProperty(proto, key);
          if (was) Object.defineProperty(proto, key, was);
        }
        for (const [key, was] of before) {
          if (Object.getOwnPropertyDescriptor(proto, key)) continue;
          changes.push(`${name}.${String(key)} deleted`);
          Object.defineProperty(proto, key, was);
        }
      }
      return changes;
    },
  };
}
