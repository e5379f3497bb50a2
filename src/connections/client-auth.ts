/**
 * @module Builds the one token request every attempt uses, whatever triggered it, so the chosen
 * client authentication method is applied the same way each time (PEERS.md B 19).
 */
import { utf8ToBase64 } from "./base64";
import { Scrubber } from "./redact";
import type { TokenFailure, TokenRequestConfig } from "./token-types";

/** Form names this builder owns; additional params cannot override them. */
const RESERVED_PARAMS = new Set(["grant_type", "client_id", "client_secret"]);

export interface BuiltTokenRequest {
  url: URL;
  init: { method: "POST"; headers: Headers; body: string };
  /** Knows the secret and the Basic value in every encoding, to keep them out of messages. */
  scrubber: Scrubber;
}

/**
 * `application/x-www-form-urlencoded` for a Basic credential half (RFC 6749 §2.3.1, Appendix B):
 * space becomes `+`, every byte other than ALPHA / DIGIT is percent-encoded with upper-case hex.
 * This is stricter than URLSearchParams (which leaves `*-._`) and matches the oauth4webapi vector
 * `client %&+-_.!~*'()` → `client+%25%26%2B%2D%5F%2E%21%7E%2A%27%28%29`. A `:` becomes `%3A`, as
 * RFC 7617 forbids a raw colon in the user-id.
 */
export function formUrlEncode(value: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(value)) {
    const alnum =
      (byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a);
    if (alnum) out += String.fromCharCode(byte);
    else if (byte === 0x20) out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

export function basicCredentials(clientId: string, clientSecret: string): string {
  return utf8ToBase64(`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`);
}

/**
 * RFC 6749 §4.4.2: POST `grant_type=client_credentials` plus the connection's extra parameters
 * (sent with either method: PEERS.md A3). Exactly one client authentication method (§2.3), and
 * credentials never in the URL.
 */
export function buildTokenRequest(
  cfg: TokenRequestConfig,
): { ok: true; request: BuiltTokenRequest } | { ok: false; failure: TokenFailure } {
  const url = parseTokenUrl(cfg.tokenUrl);
  if (!url) {
    return {
      ok: false,
      failure: {
        ok: false,
        kind: "permanent",
        code: "invalid_token_url",
        message: "the token URL is not an http(s) URL without user info; check the token URL",
      },
    };
  }
  const scrubber = new Scrubber();
  scrubber.add(cfg.clientSecret);
  scrubber.addExact(formUrlEncode(cfg.clientSecret));

  const form = new URLSearchParams({ grant_type: "client_credentials" });
  for (const [name, value] of Object.entries(cfg.additionalParams)) {
    // The API layer already refuses these names; skipping them here keeps the grant type and the
    // single authentication method intact should a bad row slip through.
    if (!RESERVED_PARAMS.has(name)) form.append(name, value);
  }
  const headers = new Headers({
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json",
  });
  if (cfg.clientAuth === "client_secret_basic") {
    const credentials = basicCredentials(cfg.clientId, cfg.clientSecret);
    scrubber.addExact(credentials);
    headers.set("authorization", `Basic ${credentials}`);
  } else {
    form.append("client_id", cfg.clientId);
    form.append("client_secret", cfg.clientSecret);
  }
  return {
    ok: true,
    request: { url, init: { method: "POST", headers, body: form.toString() }, scrubber },
  };
}

function parseTokenUrl(raw: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  if (url.username !== "" || url.password !== "") return undefined;
  // The scheme policy (https in a deployment) belongs to the URL guard at save and send time.
  url.hash = "";
  return url;
}
