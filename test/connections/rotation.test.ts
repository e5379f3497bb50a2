import { env } from "cloudflare:test";
import { describe, it } from "vitest";
import { decryptField, encryptField, parseKeyring } from "../../src/connections/crypto";
import { reencryptSecrets } from "../../src/connections/rotation";
import { secretContext } from "../../src/connections/secret-context";
import { db } from "../../src/db/client";

const OLD = "old:" + btoa("o".repeat(32));
const NEW = "new:" + btoa("n".repeat(32));

async function seed(accountId: string, id: string, secret: string, keyring = parseKeyring(OLD)) {
  await env.DB.prepare("INSERT OR IGNORE INTO accounts (id, name) VALUES (?, 'r')")
    .bind(accountId)
    .run();
  const blob = await encryptField(keyring, secret, secretContext(accountId, id));
  await env.DB.prepare(
    `INSERT INTO connections (id, account_id, display_name, token_url, client_id,
      client_secret_enc, header_prefix, client_auth, additional_params)
     VALUES (?, ?, 'c', 'https://idp.example/token', 'cid', ?, 'Bearer',
       'client_secret_basic', '{}')`,
  )
    .bind(id, accountId, blob)
    .run();
}

async function blobOf(id: string): Promise<string> {
  const row = await env.DB.prepare("SELECT client_secret_enc AS b FROM connections WHERE id = ?")
    .bind(id)
    .first<{ b: string }>();
  return row?.b ?? "";
}

describe("key rotation (RELIABILITY.md test 19)", () => {
  it("moves every secret under the new primary key and keeps it readable", async ({ expect }) => {
    await seed("acc_r1", "conn_r1", "first secret");
    await seed("acc_r2", "conn_r2", "second secret");
    const rotated = parseKeyring(`${NEW},${OLD}`);

    const report = await reencryptSecrets(db(env.DB), rotated);
    expect(report).toMatchObject({ reencrypted: 2, skipped: 0, failed: [] });

    for (const [accountId, id, secret] of [
      ["acc_r1", "conn_r1", "first secret"],
      ["acc_r2", "conn_r2", "second secret"],
    ] as const) {
      const blob = await blobOf(id);
      expect(blob.startsWith("v1.new.")).toBe(true);
      // Readable with the new key alone: the old one can now be retired.
      const newOnly = parseKeyring(NEW);
      expect(await decryptField(newOnly, blob, secretContext(accountId, id))).toBe(secret);
    }
    const again = await reencryptSecrets(db(env.DB), rotated);
    expect(again.reencrypted).toBe(0);
  });

  it("re-encrypts only the caller's account when asked for one", async ({ expect }) => {
    await seed("acc_r3", "conn_r3", "mine");
    await seed("acc_r4", "conn_r4", "theirs");
    const report = await reencryptSecrets(db(env.DB), parseKeyring(`${NEW},${OLD}`), {
      accountId: "acc_r3",
    });
    expect(report.reencrypted).toBe(1);
    expect((await blobOf("conn_r3")).startsWith("v1.new.")).toBe(true);
    expect((await blobOf("conn_r4")).startsWith("v1.old.")).toBe(true);
  });

  it("reports rows whose key is gone instead of touching them", async ({ expect }) => {
    await seed("acc_r5", "conn_r5", "orphan");
    const before = await blobOf("conn_r5");
    const report = await reencryptSecrets(db(env.DB), parseKeyring(NEW));
    expect(report.failed.map((f) => f.id)).toContain("conn_r5");
    expect(report.failed.find((f) => f.id === "conn_r5")?.reason).toMatch(/no longer/);
    expect(await blobOf("conn_r5")).toBe(before);
  });
});
