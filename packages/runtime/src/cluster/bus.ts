/**
 * The message bus between the instances of one server behind a load balancer:
 * topics, published to and subscribed to, with at-most-once delivery to the
 * instances subscribed at that moment (what Redis pub/sub gives). The session
 * relay (transports/http) builds on it; `MemoryBus` links servers in one process
 * (tests, and an honest default), `RedisBus` links processes.
 */

/** One subscription; `ready` resolves once messages published from then on are delivered. */
export interface BusSubscription {
  readonly ready: Promise<void>;
  /** Stops delivery to this handler; the topic is left when its last handler goes. */
  close(): void;
}

export interface ClusterBus {
  /** This instance's id, random per bus: how messages name their sender. */
  readonly instanceId: string;
  /**
   * Sends `message` to every handler subscribed to `topic` on every instance, this one
   * included. Resolves once the bus has handed it to every subscribed instance (Redis:
   * PUBLISH answered), for a reply that must not overtake it; never rejects: failures are logged.
   */
  publish(topic: string, message: string): Promise<void>;
  subscribe(topic: string, handler: (message: string) => void): BusSubscription;
  /** Resolves once the bus is connected and delivering (the readiness check). */
  ping(): Promise<boolean>;
  /** Leaves every topic. The connections the application passed in stay open. */
  close(): Promise<void>;
}
