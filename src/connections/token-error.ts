/**
 * @module RFC 6749 §5.2 error answers (and the vendor shapes around them) turned into one
 * actionable sentence and a permanent/transient verdict.
 */
import { classifyHttpFailure, parseRetryAfter } from "../outbound/classify";
import type { Scrubber } from "./redact";
import type { TokenBody } from "./token-body";
import { describeMediaType, isRecord } from "./token-body";
import type { ClientAuth, TokenErrorCode, TokenFailure } from "./token-types";

/** Retrying cannot fix these; retrying `invalid_client` forever is cf-java-client#1026. */
const PERMANENT_CODES = new Set<TokenErrorCode>([
  "invalid_request",
  "invalid_client",
  "invalid_grant",
  "unauthorized_client",
  "unsupported_grant_type",
  "invalid_scope",
]);
/** Borrowed by some servers from the authorization endpoint (RFC 6749 §4.1.2.1). */
const TRANSIENT_CODES = new Set<TokenErrorCode>(["temporarily_unavailable", "server_error"]);

const DESCRIPTION_MAX = 200;

interface ErrorContext {
  clientAuth: ClientAuth;
  scrubber: Scrubber;
  nowMs: number;
}

export function tokenErrorOutcome(
  status: number,
  headers: Headers,
  body: TokenBody,
  ctx: ErrorContext,
): TokenFailure {
  if (body.kind === "object" && typeof body.fields.access_token === "string") {
    ctx.scrubber.add(body.fields.access_token);
  }
  const vendor = body.kind === "object" ? readVendorError(body.fields) : {};
  const known = recognise(vendor.code);
  const byStatus = classifyHttpFailure(status, headers, ctx.nowMs);
  let kind = byStatus.kind;
  if (known && PERMANENT_CODES.has(known)) kind = "permanent";
  if (known && TRANSIENT_CODES.has(known)) kind = "transient";
  const retryAfterSeconds =
    kind === "transient"
      ? (byStatus.retryAfterSeconds ?? parseRetryAfter(headers.get("retry-after"), ctx.nowMs))
      : undefined;

  const shownCode = known ?? (vendor.code ? ctx.scrubber.clean(vendor.code, 64) : undefined);
  let sentence = `the token endpoint answered ${status}${shownCode ? ` ${shownCode}` : ""}`;
  if (body.kind === "not_json") {
    sentence += ` (${ctx.scrubber.clean(describeMediaType(headers), 64) ?? "not JSON"})`;
  }
  sentence += `: ${hint(known, status, ctx.clientAuth, retryAfterSeconds)}`;
  const description = vendor.description
    ? ctx.scrubber.clean(vendor.description, DESCRIPTION_MAX)
    : undefined;
  if (description) sentence += `; the server said "${description}"`;

  return {
    ok: false,
    kind,
    code: known ?? "token_endpoint_error",
    message: sentence,
    httpStatus: status,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
}

/** `error`/`error_description` (RFC 6749), `errorCode`/`errorSummary` (Okta: hoauth2#215). */
function readVendorError(fields: Record<string, unknown>): { code?: string; description?: string } {
  const nested = fields.error;
  if (isRecord(nested)) return { code: text(nested.code), description: text(nested.message) };
  return {
    code: text(fields.error) ?? text(fields.errorCode),
    description: text(fields.error_description) ?? text(fields.errorSummary),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function recognise(code: string | undefined): TokenErrorCode | undefined {
  const normalised = code?.trim().toLowerCase();
  for (const candidate of [...PERMANENT_CODES, ...TRANSIENT_CODES]) {
    if (candidate === normalised) return candidate;
  }
  return undefined;
}

function hint(
  code: TokenErrorCode | undefined,
  status: number,
  clientAuth: ClientAuth,
  retryAfterSeconds: number | undefined,
): string {
  const later =
    retryAfterSeconds === undefined ? "later" : `in ${retryAfterSeconds} s (Retry-After)`;
  switch (code) {
    case "invalid_client":
      return credentialsHint(clientAuth);
    case "unauthorized_client":
      return "the client may not use the client_credentials grant; allow it at the provider";
    case "invalid_grant":
      return "the provider refused the client_credentials grant; check the client at the provider";
    case "invalid_scope":
      return "check the scope, audience or resource in the additional parameters";
    case "unsupported_grant_type":
      return "the provider does not offer the client_credentials grant here; check the token URL";
    case "invalid_request":
      return "the provider rejected the request; check the token URL and additional parameters";
    case "temporarily_unavailable":
    case "server_error":
      return `the provider is having trouble; edgemock will try again ${later}`;
    case undefined:
      break;
  }
  if (status === 401 || status === 403) return credentialsHint(clientAuth);
  if (status === 404 || status === 405) return "check the token URL";
  if (status === 429)
    return `the provider is rate limiting token requests; edgemock will try again ${later}`;
  if (status >= 500 || status === 408 || status === 425) {
    return `the provider is having trouble; edgemock will try again ${later}`;
  }
  return "check the token URL and the connection settings";
}

function credentialsHint(clientAuth: ClientAuth): string {
  // Servers that never form-decode Basic credentials reject special-character secrets that work
  // in the body (PEERS.md B 15–17).
  return clientAuth === "client_secret_basic"
    ? "check the client id and secret (if the secret has special characters, " +
        'try client authentication "client_secret_post")'
    : "check the client id and secret";
}
