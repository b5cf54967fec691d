// oidc-provider 8 ships no types (and @types/oidc-provider is not installed); the test
// harness (test/helpers/oidc-provider.ts) needs only the constructor, `callback()` and
// `issuer`. Configuration is passed as a plain object and checked by oidc-provider itself.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    readonly issuer: string;
    /** Whether X-Forwarded-* headers are trusted (koa's `app.proxy`). */
    proxy: boolean;
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export const errors: {
    InvalidTarget: new (description?: string) => Error;
  };

  export default Provider;
}
