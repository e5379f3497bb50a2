/**
 * @module Shapes of a client-credentials token request and its outcome (RFC 6749 §4.4).
 */

export type ClientAuth = "client_secret_basic" | "client_secret_post";

export interface TokenRequestConfig {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  clientAuth: ClientAuth;
  additionalParams: Record<string, string>;
}

/** RFC 6749 §5.2 codes we recognise, plus our own for failures the server did not name. */
export type TokenErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "temporarily_unavailable"
  | "server_error"
  | "token_endpoint_error"
  | "token_endpoint_redirect"
  | "token_endpoint_timeout"
  | "token_endpoint_unreachable"
  | "token_response_too_large"
  | "invalid_token_response"
  | "invalid_token_url";

export type TokenOutcome =
  | {
      ok: true;
      accessToken: string;
      /** Always "Bearer": the only type edgemock sends. */
      tokenType: string;
      expiresIn: number;
      expiresInSource: "expires_in" | "jwt_exp" | "default";
      scope?: string;
      httpStatus: number;
    }
  | {
      ok: false;
      kind: "permanent" | "transient";
      code: TokenErrorCode;
      /** One sentence a user can act on; never holds the secret or a token. */
      message: string;
      httpStatus?: number;
      retryAfterSeconds?: number;
    };

export type TokenFailure = Extract<TokenOutcome, { ok: false }>;

/** Used when the server sends no `expires_in` and the token is not a JWT (Kong's default). */
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;
/** `expires_in` is clamped to [1 s, 365 days]. */
export const MAX_TOKEN_TTL_SECONDS = 31_536_000;
