// Window state is keyed by client data (sensor ids) and lives in plain JSON objects: the runtime
// restores state with JSON.parse, whose objects inherit from Object.prototype. There a read of a
// missing "constructor" finds the prototype's function, and `record["__proto__"] = x` replaces the
// prototype instead of adding a key. Every access by a client-supplied key goes through these.

/** The record's own value under `key`; never an inherited one. */
export function getOwn<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets `key` as an own data property, even when the key is "__proto__". */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
