/**
 * @module Field encryption for connection secrets: AES-256-GCM through WebCrypto, with a keyring
 * held in the Worker secret `ENCRYPTION_KEYS` (RELIABILITY.md §2, tests 17–19).
 *
 * Blob: `v1.<kid>.<iv b64url>.<ciphertext+tag b64url>`. The IV is 12 fresh random bytes per call,
 * never a counter: isolate memory is not durable, and one reused IV under a key gives away the
 * GHASH key (RFC 5116 §5.1.1). The AAD `v1|accountId|recordId|field|kid` binds the blob to its row
 * and field, so a blob copied elsewhere fails to decrypt. Nothing here falls back to clear text.
 */
import { base64ToBytes, bytesToBase64Url } from "./base64";

const BLOB_VERSION = "v1";
const KID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type KeyringErrorCode = "missing" | "malformed" | "wrong_key_length" | "duplicate_kid";

/** `ENCRYPTION_KEYS` is unusable. Messages name key ids at most, never key material. */
export class KeyringError extends Error {
  override readonly name = "KeyringError";

  constructor(
    readonly code: KeyringErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type SecretErrorCode = "integrity_error" | "key_unavailable";

/** A stored secret cannot be read: tampered, moved, malformed, or its key was retired. */
export class SecretUnavailableError extends Error {
  override readonly name = "SecretUnavailableError";

  constructor(
    readonly code: SecretErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Where a secret lives. All three parts are authenticated, none is secret (AWS KMS context). */
export interface SecretContext {
  accountId: string;
  recordId: string;
  field: string;
}

/** Parsed `ENCRYPTION_KEYS`: the primary encrypts; every key decrypts. */
export class Keyring {
  readonly #material: ReadonlyMap<string, Uint8Array>;
  readonly #imported = new Map<string, Promise<CryptoKey>>();

  constructor(
    readonly primaryKid: string,
    material: ReadonlyMap<string, Uint8Array>,
  ) {
    this.#material = material;
  }

  get kids(): string[] {
    return [...this.#material.keys()];
  }

  has(kid: string): boolean {
    return this.#material.has(kid);
  }

  /** The non-extractable AES key for `kid`, imported once per isolate. */
  cryptoKey(kid: string): Promise<CryptoKey> | undefined {
    const cached = this.#imported.get(kid);
    if (cached) return cached;
    const raw = this.#material.get(kid);
    if (!raw) return undefined;
    const imported = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    this.#imported.set(kid, imported);
    imported.catch(() => this.#imported.delete(kid));
    return imported;
  }
}

// Keyed by the raw secret so a changed secret (new deployment) never reuses stale keys; bounded
// because an isolate only ever sees one or two values.
const keyringCache = new Map<string, Keyring>();
const KEYRING_CACHE_LIMIT = 4;

/** `"kid1:base64key,kid0:base64key"`, primary first. Throws `KeyringError`. */
export function parseKeyring(raw: string | undefined): Keyring {
  if (raw === undefined || raw.trim() === "") {
    throw new KeyringError(
      "missing",
      "ENCRYPTION_KEYS is not set; connection secrets are unavailable",
    );
  }
  const cached = keyringCache.get(raw);
  if (cached) return cached;
  const material = new Map<string, Uint8Array>();
  let primaryKid: string | undefined;
  for (const [index, entry] of raw.split(",").entries()) {
    const separator = entry.indexOf(":");
    const kid = entry.slice(0, Math.max(separator, 0)).trim();
    if (separator < 0 || !KID_PATTERN.test(kid)) {
      throw new KeyringError(
        "malformed",
        `ENCRYPTION_KEYS entry ${index + 1} is not "kid:base64key" (kid: 1-32 of A-Z a-z 0-9 _ -)`,
      );
    }
    const key = base64ToBytes(entry.slice(separator + 1).trim());
    if (key === null) {
      throw new KeyringError("malformed", `ENCRYPTION_KEYS key "${kid}" is not base64`);
    }
    if (key.byteLength !== KEY_BYTES) {
      throw new KeyringError(
        "wrong_key_length",
        `ENCRYPTION_KEYS key "${kid}" has ${key.byteLength} bytes; ` +
          `AES-256 needs exactly ${KEY_BYTES}`,
      );
    }
    if (material.has(kid)) {
      throw new KeyringError("duplicate_kid", `ENCRYPTION_KEYS names key "${kid}" twice`);
    }
    material.set(kid, key);
    primaryKid ??= kid;
  }
  if (primaryKid === undefined) throw new KeyringError("missing", "ENCRYPTION_KEYS is empty");
  const keyring = new Keyring(primaryKid, material);
  if (keyringCache.size >= KEYRING_CACHE_LIMIT) keyringCache.clear();
  keyringCache.set(raw, keyring);
  return keyring;
}

/** Encrypts under the primary key with a fresh random IV. */
export async function encryptField(
  keyring: Keyring,
  plaintext: string,
  aad: SecretContext,
): Promise<string> {
  const kid = keyring.primaryKid;
  const key = await keyring.cryptoKey(kid);
  if (!key) throw new SecretUnavailableError("key_unavailable", `key "${kid}" is not loaded`);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: additionalData(aad, kid), tagLength: TAG_BYTES * 8 },
    key,
    new TextEncoder().encode(plaintext),
  );
  return [BLOB_VERSION, kid, bytesToBase64Url(iv), bytesToBase64Url(new Uint8Array(sealed))].join(
    ".",
  );
}

/** Throws `SecretUnavailableError`: `integrity_error` or `key_unavailable`. */
export async function decryptField(
  keyring: Keyring,
  blob: string,
  aad: SecretContext,
): Promise<string> {
  const parsed = parseBlob(blob);
  if (!parsed) throw integrityError();
  const key = keyring.cryptoKey(parsed.kid);
  if (!key) {
    throw new SecretUnavailableError(
      "key_unavailable",
      `the secret was encrypted with key "${parsed.kid}", which is no longer in ENCRYPTION_KEYS`,
    );
  }
  try {
    const opened = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: parsed.iv, additionalData: additionalData(aad, parsed.kid) },
      await key,
      parsed.sealed,
    );
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(opened);
  } catch {
    throw integrityError();
  }
}

/** True unless the blob is a well-formed blob under the primary key (rotation job input). */
export function needsReencryption(keyring: Keyring, blob: string): boolean {
  return parseBlob(blob)?.kid !== keyring.primaryKid;
}

/** The key id a blob names, or undefined when it is not a v1 blob (to check key retirement). */
export function blobKeyId(blob: string): string | undefined {
  return parseBlob(blob)?.kid;
}

interface ParsedBlob {
  kid: string;
  iv: Uint8Array;
  sealed: Uint8Array;
}

function parseBlob(blob: string): ParsedBlob | undefined {
  const parts = blob.split(".");
  if (parts.length !== 4) return undefined;
  const [version, kid, ivText, sealedText] = parts;
  if (version !== BLOB_VERSION || kid === undefined || !KID_PATTERN.test(kid)) return undefined;
  const iv = base64ToBytes(ivText ?? "");
  const sealed = base64ToBytes(sealedText ?? "");
  if (!iv || iv.byteLength !== IV_BYTES || !sealed || sealed.byteLength < TAG_BYTES) {
    return undefined;
  }
  // Only the canonical spelling is accepted, so spare bits in the last character cannot make
  // two different strings decrypt to the same secret.
  if (bytesToBase64Url(iv) !== ivText || bytesToBase64Url(sealed) !== sealedText) return undefined;
  return { kid, iv, sealed };
}

function additionalData(aad: SecretContext, kid: string): Uint8Array {
  const parts = [aad.accountId, aad.recordId, aad.field];
  // "|" inside a part would let two different contexts produce the same AAD.
  if (parts.some((part) => part.includes("|"))) {
    throw new TypeError("secret context parts must not contain '|'");
  }
  return new TextEncoder().encode([BLOB_VERSION, ...parts, kid].join("|"));
}

function integrityError(): SecretUnavailableError {
  return new SecretUnavailableError(
    "integrity_error",
    "the stored secret failed its integrity check (altered, or copied from another record)",
  );
}
