/**
 * Where the instances of one server keep a small shared state, versioned: a live
 * table's feature flags (createSharedLiveRoutes). Each write gets the next version
 * number, so an instance applies a state only when it is newer than the one it has,
 * whatever order announcements arrive in.
 */

export interface VersionedState {
  /** 1 for the first write, then one more per write. */
  readonly version: number;
  readonly json: string;
}

export interface SharedStateStore {
  /** The newest state stored under `name`, or undefined when none was ever written. */
  read(name: string): Promise<VersionedState | undefined>;
  /** Stores `json` as the newest state of `name`; returns its version. */
  write(name: string, json: string): Promise<number>;
}

/** In one process: servers made in it share the map (tests, one instance). */
export function createMemorySharedStateStore(): SharedStateStore {
  const states = new Map<string, VersionedState>();
  return {
    read: (name) => Promise.resolve(states.get(name)),
    write(name, json) {
      const version = (states.get(name)?.version ?? 0) + 1;
      states.set(name, { version, json });
      return Promise.resolve(version);
    },
  };
}
