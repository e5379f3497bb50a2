import type { SecretContext } from "./crypto";

/** AAD of a connection's encrypted fields: the blob only decrypts in its own row and field. */
export function secretContext(
  accountId: string,
  connectionId: string,
  field: "clientSecret" | "accessToken" = "clientSecret",
): SecretContext {
  return { accountId, recordId: connectionId, field };
}
