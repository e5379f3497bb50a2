/**
 * @module App-wide types. Binding types come from `wrangler types` (worker-configuration.d.ts).
 */
export interface AuthContext {
  accountId: string;
  keyId: string;
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    auth: AuthContext;
    requestId: string;
  };
}
