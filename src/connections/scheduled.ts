import { db } from "../db/client";
import { log } from "../http/log";
import { KeyringError, parseKeyring } from "./crypto";
import { reencryptSecrets } from "./rotation";

/** The hourly cron: moves secrets written under older keys to the primary key. */
export async function rotateSecrets(env: Env): Promise<void> {
  try {
    await reencryptSecrets(db(env.DB), parseKeyring(env.ENCRYPTION_KEYS), { limit: 500 });
  } catch (err) {
    const reason = err instanceof KeyringError ? err.code : String(err);
    log("error", "secret re-encryption could not run", { reason });
  }
}
