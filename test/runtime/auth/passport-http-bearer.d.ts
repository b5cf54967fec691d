// passport-http-bearer ships no types; the tests need only its constructor and authenticate().
declare module "passport-http-bearer" {
  type VerifyDone = (error: unknown, user?: unknown, info?: unknown) => void;
  interface StrategyOptions {
    realm?: string;
    scope?: string | string[];
  }
  class Strategy {
    constructor(verify: (token: string, done: VerifyDone) => void);
    constructor(options: StrategyOptions, verify: (token: string, done: VerifyDone) => void);
    name: string;
    authenticate(req: unknown, options?: unknown): void;
  }
  export = Strategy;
}
