/**
 * Writes that keep every key an own data property, whatever its name.
 *
 * `object[key] = value` with the key `__proto__` replaces the object's prototype
 * instead of adding a property, so a JSON Schema property named `__proto__` would
 * vanish (and its value become the prototype). JSON.parse and Object.fromEntries
 * define own properties; these helpers do the same for objects built key by key.
 */

/** Sets `object[key]` as an own, enumerable data property, even for `__proto__`. */
export function setOwn<T>(object: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `object[key]` when `object` has it as its own property; never an inherited member such as `toString`. */
export function getOwn<T>(object: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
}
