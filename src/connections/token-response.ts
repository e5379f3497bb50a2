/**
 * @module Turns a token endpoint answer into a `TokenOutcome` (RFC 6749 §5.1 success, §5.2
 * error),
 * accepting what real providers send and refusing what cannot be used safely.
 */
import { base64ToBytes } from "./base64";
import type { Scrubber } from "./redact";
import type { TokenBody } from "./token-body";
import { describeMediaType, isRecord, parseTokenBody } from "./token-body";
import { tokenErrorOutcome } from "./token-error";
import type { ClientAuth, TokenFailure, TokenOutcome } from "./token-types";
import { DEFAULT_TOKEN_TTL_SECONDS, MAX_TOKEN_TTL_SECONDS } from "./token-types";

export interface RawTokenResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface InterpretContext {
  clientAuth: ClientAuth;
  scrubber: Scrubber;
  nowMs: number;
}

export function interpretTokenResponse(raw: RawTokenResponse, ctx: InterpretContext): TokenOutcome {
  const body = parseTokenBody(raw.text, raw.headers);
  const success = raw.status >= 200 && raw.status < 300;
  // Some providers answer 200 with an error object; read it as the error it is.
  const errorOn200 =
    body.kind === "object" && body.fields.access_token === undefined && "error" in body.fields;
  if (!success || errorOn200) return tokenErrorOutcome(raw.status, raw.headers, body, ctx);
  return parseSuccess(raw, body, ctx);
}

function parseSuccess(raw: RawTokenResponse, body: TokenBody, ctx: InterpretContext): TokenOutcome {
  const answered = `the token endpoint answered ${raw.status}`;
  if (body.kind === "not_json" || body.kind === "empty") {
    const type = ctx.scrubber.clean(describeMediaType(raw.headers), 64) ?? "unknown content type";
    const what = body.kind === "empty" ? "the body is empty" : "the body is not JSON";
    return invalid(raw.status, `${answered} but ${what} (${type})`);
  }
  if (body.kind === "json_other") {
    return invalid(raw.status, `${answered} but the body is not a JSON object`);
  }
  const { fields } = body;
  const accessToken = fields.access_token;
  if (typeof accessToken !== "string" || accessToken === "") {
    return invalid(raw.status, `${answered} without an access_token`);
  }
  ctx.scrubber.add(accessToken);
  // RFC 6750 §2.1 tokens are visible ASCII; CR, LF or a space would split or forge a header
  // (RELIABILITY.md test 12).
  if (!/^[\x21-\x7e]+$/.test(accessToken)) {
    return invalid(
      raw.status,
      `${answered} with an access_token containing spaces, control or non-ASCII characters, ` +
        "which cannot be sent in an Authorization header",
    );
  }
  const tokenType = fields.token_type;
  // RFC 6749 §5.1 makes token_type REQUIRED and §5.1/§7.1 case-insensitive (ADFS sends
  // "bearer"). A missing type is refused rather than guessed (RELIABILITY.md test 4): a "mac"
  // or DPoP token sent as Bearer would fail at every receiver.
  if (typeof tokenType !== "string" || tokenType === "") {
    return invalid(
      raw.status,
      `${answered} without a token_type; edgemock sends Bearer tokens only (RFC 6749 §5.1)`,
    );
  }
  if (tokenType.toLowerCase() !== "bearer") {
    const shown = ctx.scrubber.clean(tokenType, 40);
    const named = shown === undefined ? "a non-Bearer" : `a "${shown}"`;
    return invalid(
      raw.status,
      `the token endpoint issued ${named} token; edgemock sends Bearer tokens only`,
    );
  }
  const lifetime = readExpiresIn(fields.expires_in);
  if (lifetime === "invalid") {
    return invalid(raw.status, `${answered} with an expires_in that is not a number of seconds`);
  }
  const fromJwt = lifetime === undefined ? jwtExpiresIn(accessToken, ctx.nowMs) : undefined;
  const scope =
    typeof fields.scope === "string" ? ctx.scrubber.clean(fields.scope, 1000) : undefined;
  return {
    ok: true,
    accessToken,
    tokenType: "Bearer",
    expiresIn: lifetime ?? fromJwt ?? DEFAULT_TOKEN_TTL_SECONDS,
    expiresInSource:
      lifetime !== undefined ? "expires_in" : fromJwt !== undefined ? "jwt_exp" : "default",
    ...(scope ? { scope } : {}),
    httpStatus: raw.status,
  };
}

/**
 * `expires_in` is only RECOMMENDED (RFC 6749 §5.1). Azure AD v1 and others send it as a string
 * (PEERS.md B 21), so a numeric string counts; anything else that is present is refused.
 * Returns seconds clamped to [1, MAX_TOKEN_TTL_SECONDS], undefined when absent.
 */
function readExpiresIn(value: unknown): number | undefined | "invalid" {
  if (value === undefined || value === null) return undefined;
  let seconds: number;
  if (typeof value === "number") seconds = value;
  else if (typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value)) seconds = Number(value);
  else return "invalid";
  if (!Number.isFinite(seconds) || seconds < 0) return "invalid";
  return clampTtl(Math.floor(seconds));
}

/**
 * With no `expires_in`, a JWT access token still states its expiry in `exp` (RFC 7519 §4.1.4).
 * The payload is read, not verified: it only sets when we ask again, and a lying `exp` is
 * bounded by the clamp and by the refresh-on-401 path.
 */
function jwtExpiresIn(token: string, nowMs: number): number | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  const bytes = base64ToBytes(parts[1]);
  if (!bytes) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    return undefined;
  }
  if (!isRecord(payload) || typeof payload.exp !== "number" || !Number.isFinite(payload.exp)) {
    return undefined;
  }
  return clampTtl(Math.floor(payload.exp - nowMs / 1000));
}

function clampTtl(seconds: number): number {
  return Math.min(Math.max(seconds, 1), MAX_TOKEN_TTL_SECONDS);
}

function invalid(httpStatus: number, message: string): TokenFailure {
  // Permanent: a 2xx the client cannot use will not improve by asking again at once; the broker's
  // minimum refetch interval still lets a fixed provider recover.
  return { ok: false, kind: "permanent", code: "invalid_token_response", message, httpStatus };
}
