import { env } from "cloudflare:workers";
import { describe, it } from "vitest";
import { base64ToBytes, bytesToBase64, bytesToBase64Url } from "../../src/connections/base64";
import {
  blobKeyId,
  decryptField,
  encryptField,
  KeyringError,
  needsReencryption,
  parseKeyring,
  SecretUnavailableError,
} from "../../src/connections/crypto";
import type { Keyring, SecretContext } from "../../src/connections/crypto";

const OLD_KEY = bytesToBase64(new Uint8Array(32).fill(7));
const NEW_KEY = bytesToBase64(new Uint8Array(32).fill(9));
const SECRET = "s3cret+/=: é";
const HERE: SecretContext = { accountId: "acc_1", recordId: "con_A", field: "clientSecret" };

async function failureCode(keyring: Keyring, blob: string, aad: SecretContext): Promise<string> {
  try {
    await decryptField(keyring, blob, aad);
  } catch (err) {
    if (err instanceof SecretUnavailableError) return err.code;
    throw err;
  }
  return "decrypted";
}

function keyringErrorCode(raw: string | undefined): string {
  try {
    parseKeyring(raw);
  } catch (err) {
    if (err instanceof KeyringError) return err.code;
    throw err;
  }
  return "parsed";
}

describe("encryption (test 17)", () => {
  it("uses a fresh 12-byte IV for each of 10,000 encryptions and all decrypt back", async ({
    expect,
  }) => {
    const keyring = parseKeyring(env.ENCRYPTION_KEYS);
    const blobs = await Promise.all(
      Array.from({ length: 10_000 }, () => encryptField(keyring, SECRET, HERE)),
    );
    const ivs = new Set<string>();
    for (const blob of blobs) {
      const [version, kid, iv] = blob.split(".");
      expect(version).toBe("v1");
      expect(kid).toBe("k1");
      expect(base64ToBytes(iv ?? "")?.byteLength).toBe(12);
      ivs.add(iv ?? "");
    }
    expect(ivs.size).toBe(10_000);
    expect(new Set(blobs).size).toBe(10_000);
    const plaintexts = await Promise.all(blobs.map((blob) => decryptField(keyring, blob, HERE)));
    expect(plaintexts.every((plaintext) => plaintext === SECRET)).toBe(true);
  });

  it("never contains the plaintext", async ({ expect }) => {
    const keyring = parseKeyring(`k1:${NEW_KEY}`);
    const blob = await encryptField(keyring, "visible-secret-value", HERE);
    expect(blob).not.toContain("visible");
    expect(atob(blob.split(".")[3]?.replace(/-/g, "+").replace(/_/g, "/") ?? "")).not.toContain(
      "visible",
    );
  });
});

describe("integrity (test 18)", () => {
  const keyring = parseKeyring(`k1:${NEW_KEY}`);
  const moves: [string, SecretContext][] = [
    ["another account", { ...HERE, accountId: "acc_2" }],
    ["another record", { ...HERE, recordId: "con_B" }],
    ["another field", { ...HERE, field: "accessToken" }],
    [
      "another account and record",
      { accountId: "acc_2", recordId: "con_B", field: "clientSecret" },
    ],
  ];
  for (const [name, elsewhere] of moves) {
    it(`fails with integrity_error when the blob is moved to ${name}`, async ({ expect }) => {
      const blob = await encryptField(keyring, SECRET, HERE);
      expect(await failureCode(keyring, blob, elsewhere)).toBe("integrity_error");
      expect(await decryptField(keyring, blob, HERE)).toBe(SECRET);
    });
  }

  it("fails with integrity_error when any byte of the IV or ciphertext is flipped", async ({
    expect,
  }) => {
    const blob = await encryptField(keyring, SECRET, HERE);
    const [version, kid, ivText, sealedText] = blob.split(".");
    const iv = base64ToBytes(ivText ?? "") ?? new Uint8Array();
    const sealed = base64ToBytes(sealedText ?? "") ?? new Uint8Array();
    for (const [part, bytes] of [
      ["iv", iv],
      ["sealed", sealed],
    ] as const) {
      for (let i = 0; i < bytes.byteLength; i++) {
        const flipped = bytes.slice();
        flipped[i] = (flipped[i] ?? 0) ^ 0x01;
        const ivOut = part === "iv" ? bytesToBase64Url(flipped) : ivText;
        const sealedOut = part === "sealed" ? bytesToBase64Url(flipped) : sealedText;
        const tampered = [version, kid, ivOut, sealedOut].join(".");
        expect(await failureCode(keyring, tampered, HERE), `${part}[${i}]`).toBe("integrity_error");
      }
    }
  });

  it("fails with integrity_error for malformed blobs", async ({ expect }) => {
    const blob = await encryptField(keyring, SECRET, HERE);
    const [, , ivText, sealedText] = blob.split(".");
    const malformed = [
      "",
      "plain text secret",
      `v2.k1.${ivText}.${sealedText}`,
      `v1.k1.${ivText}`,
      `v1.k1.${ivText}.${sealedText}.extra`,
      `v1.k1.${ivText}A.${sealedText}`,
      `v1.k1.${ivText}.AAAA`,
      `v1.k1.${ivText}.${sealedText}=`,
      `v1.k!.${ivText}.${sealedText}`,
    ];
    for (const text of malformed) {
      expect(await failureCode(keyring, text, HERE), text).toBe("integrity_error");
    }
  });
});

describe("keyring and rotation (test 19)", () => {
  it("decrypts old rows, encrypts new ones with the primary, and flags old rows", async ({
    expect,
  }) => {
    const before = parseKeyring(`v1:${OLD_KEY}`);
    const oldBlob = await encryptField(before, SECRET, HERE);
    const after = parseKeyring(`v2:${NEW_KEY},v1:${OLD_KEY}`);
    expect(after.primaryKid).toBe("v2");
    expect(after.kids).toEqual(["v2", "v1"]);
    expect(await decryptField(after, oldBlob, HERE)).toBe(SECRET);
    const newBlob = await encryptField(after, SECRET, HERE);
    expect(blobKeyId(newBlob)).toBe("v2");
    expect(needsReencryption(after, oldBlob)).toBe(true);
    expect(needsReencryption(after, newBlob)).toBe(false);
    expect(needsReencryption(after, "garbage")).toBe(true);
  });

  it("gives key_unavailable for a row whose key was removed", async ({ expect }) => {
    const oldBlob = await encryptField(parseKeyring(`v1:${OLD_KEY}`), SECRET, HERE);
    expect(await failureCode(parseKeyring(`v2:${NEW_KEY}`), oldBlob, HERE)).toBe("key_unavailable");
  });

  it("does not let a different key under the same id decrypt", async ({ expect }) => {
    const blob = await encryptField(parseKeyring(`v1:${OLD_KEY}`), SECRET, HERE);
    expect(await failureCode(parseKeyring(`v1:${NEW_KEY}`), blob, HERE)).toBe("integrity_error");
  });

  it("fails closed on a missing, malformed, wrong-length or duplicated key", ({ expect }) => {
    const short = bytesToBase64(new Uint8Array(16).fill(1));
    const long = bytesToBase64(new Uint8Array(33).fill(1));
    expect(keyringErrorCode(undefined)).toBe("missing");
    expect(keyringErrorCode("")).toBe("missing");
    expect(keyringErrorCode("  ")).toBe("missing");
    expect(keyringErrorCode(NEW_KEY)).toBe("malformed");
    expect(keyringErrorCode(`:${NEW_KEY}`)).toBe("malformed");
    expect(keyringErrorCode(`bad.kid:${NEW_KEY}`)).toBe("malformed");
    expect(keyringErrorCode(`${"k".repeat(33)}:${NEW_KEY}`)).toBe("malformed");
    expect(keyringErrorCode("k1:not base64!")).toBe("malformed");
    expect(keyringErrorCode(`k1:${NEW_KEY},`)).toBe("malformed");
    expect(keyringErrorCode(`k1:${short}`)).toBe("wrong_key_length");
    expect(keyringErrorCode(`k1:${long}`)).toBe("wrong_key_length");
    expect(keyringErrorCode(`k1:${NEW_KEY},k1:${OLD_KEY}`)).toBe("duplicate_kid");
  });

  it("never puts key material in a keyring error message", ({ expect }) => {
    const short = bytesToBase64(new Uint8Array(16).fill(1));
    for (const raw of [`k1:${short}`, `k1:${NEW_KEY},k1:${OLD_KEY}`, `k1:${NEW_KEY}x!`]) {
      try {
        parseKeyring(raw);
      } catch (err) {
        const message = err instanceof Error ? err.message : "";
        for (const material of [short, NEW_KEY, OLD_KEY]) expect(message).not.toContain(material);
      }
    }
  });

  it("returns the same keyring for the same raw value", ({ expect }) => {
    const raw = `k9:${NEW_KEY}`;
    expect(parseKeyring(raw)).toBe(parseKeyring(raw));
  });
});
