/**
 * @module What the rest of the app asks a connection's `TokenBroker` for, and how it finds it.
 */
import type { TokenBroker } from "./broker";

export interface BrokerRequest {
  accountId: string;
  connectionId: string;
  /** The connection version the caller read from D1; a token of an older version is never used. */
  version: number;
}

export type BrokerToken =
  | {
      ok: true;
      token: string;
      /** `${headerPrefix} ${token}`, or just the token when the prefix is "". */
      authorization: string;
      /** Opaque id of this minted token; hand it back as `rejectedTokenId` after a 401. */
      tokenId: string;
      expiresAt: number;
    }
  | {
      ok: false;
      kind: "permanent" | "transient";
      code: string;
      message: string;
      httpStatus?: number;
      retryAfterSeconds?: number;
    };

export type BrokerFailure = Extract<BrokerToken, { ok: false }>;

/**
 * The Durable Object for (accountId, connectionId). Both parts are server-side ids (never raw
 * user input), so one account can never reach another account's broker by choosing a name.
 */
export function brokerFor(
  env: Env,
  accountId: string,
  connectionId: string,
): DurableObjectStub<TokenBroker> {
  return env.TOKEN_BROKER.get(env.TOKEN_BROKER.idFromName(`${accountId}/${connectionId}`));
}
