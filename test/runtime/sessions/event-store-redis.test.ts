/** The Redis Streams event store against the shared contract, on a real redis-server; each store its own key prefix. */
import { RedisEventStore } from "../../../packages/runtime/src/entries/redis.js";
import { useRedisServer } from "../../helpers/redis-stores.js";
import { eventStoreSuite } from "./event-store-suite.js";

const redis = useRedisServer();
let prefixes = 0;
const prefixOf = new WeakMap<object, string>();

eventStoreSuite("RedisEventStore", {
  open: async (options) => {
    const keyPrefix = `events-test:${++prefixes}:`;
    const store = new RedisEventStore({ client: redis.client(), keyPrefix, ...options });
    prefixOf.set(store, keyPrefix);
    return store;
  },
  peer: async (store) => new RedisEventStore({ client: redis.client(), keyPrefix: prefixOf.get(store)! }),
});
