/**
 * A minimal `Reflect.getMetadata`/`defineMetadata` for @peculiar/x509, whose dependency injection
 * container (tsyringe) refuses to load without the `reflect-metadata` package, which this
 * project does not install. Imported for its effect, before @peculiar/x509. Only what tsyringe
 * and @peculiar/x509's decorators call is provided; benchmarks only.
 * @module
 */
type Key = unknown;
const store = new WeakMap<object, Map<unknown, Map<Key, unknown>>>();

function table(target: object, prop: unknown, create: boolean): Map<Key, unknown> | undefined {
  let byProp = store.get(target);
  if (!byProp) {
    if (!create) return undefined;
    byProp = new Map();
    store.set(target, byProp);
  }
  let t = byProp.get(prop);
  if (!t && create) {
    t = new Map();
    byProp.set(prop, t);
  }
  return t;
}

const R = Reflect as unknown as Record<string, unknown>;
if (typeof R.getMetadata !== 'function') {
  R.defineMetadata = (key: Key, value: unknown, target: object, prop?: unknown): void => {
    table(target, prop, true)!.set(key, value);
  };
  R.getOwnMetadata = (key: Key, target: object, prop?: unknown): unknown => table(target, prop, false)?.get(key);
  R.hasOwnMetadata = (key: Key, target: object, prop?: unknown): boolean => table(target, prop, false)?.has(key) ?? false;
  R.getMetadata = (key: Key, target: object, prop?: unknown): unknown => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
      const m = table(t, prop, false);
      if (m?.has(key)) return m.get(key);
    }
    return undefined;
  };
  R.hasMetadata = (key: Key, target: object, prop?: unknown): boolean => (R.getMetadata as (k: Key, t: object, p?: unknown) => unknown)(key, target, prop) !== undefined;
  R.metadata =
    (key: Key, value: unknown) =>
    (target: object, prop?: unknown): void => {
      (R.defineMetadata as (k: Key, v: unknown, t: object, p?: unknown) => void)(key, value, target, prop);
    };
}
export {};
