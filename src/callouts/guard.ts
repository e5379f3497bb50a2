/**
 * @module The checks that run right before every send, sync or async: the URL policy (SSRF guard)
 * and, for a callout that carries a token, that its connection still exists, is still shared
 * with the endpoint and admits the target host (DESIGN "Rules that hold everywhere",
 * RELIABILITY tests 30 and 36). A rule was checked when saved, but shares and connections change
 * while messages wait in the queue.
 */
import type { OutboundPolicy } from "../outbound/policy-env";
import { checkOutboundUrl, hostAllowed } from "../outbound/url-policy";

/** What the broker needs to mint a token for this send. */
export interface Grant {
  connectionId: string;
  version: number;
}

export type TargetCheck = { ok: true; grant: Grant | null } | { ok: false; reason: string };

export interface TargetInput {
  accountId: string;
  endpointId: string;
  connectionId: string | null;
  url: string;
  policy: OutboundPolicy;
}

interface ConnectionRow {
  version: number;
  allowed_hosts: string | null;
  shared: number;
}

// One read answers all three questions; scoped by account id like every query (DESIGN).
const CONNECTION_QUERY = `SELECT c.version, c.allowed_hosts,
  EXISTS (SELECT 1 FROM connection_endpoints ce
    WHERE ce.connection_id = c.id AND ce.endpoint_id = ?3 AND ce.account_id = ?2) AS shared
  FROM connections c WHERE c.id = ?1 AND c.account_id = ?2`;

export async function checkTarget(d1: D1Database, input: TargetInput): Promise<TargetCheck> {
  const refused = checkOutboundUrl(input.url, input.policy, {
    carriesCredential: input.connectionId !== null,
  });
  if (refused) return { ok: false, reason: `url_refused: ${refused}` };
  if (input.connectionId === null) return { ok: true, grant: null };
  const row = await d1
    .prepare(CONNECTION_QUERY)
    .bind(input.connectionId, input.accountId, input.endpointId)
    .first<ConnectionRow>();
  if (!row) {
    return { ok: false, reason: "connection_deleted: the rule's API connection no longer exists" };
  }
  if (!row.shared) {
    return {
      ok: false,
      reason: "connection_not_shared: the API connection is no longer shared with this endpoint",
    };
  }
  const allowed = row.allowed_hosts === null ? null : (JSON.parse(row.allowed_hosts) as string[]);
  if (!hostAllowed(input.url, allowed)) {
    return {
      ok: false,
      reason:
        "host_not_allowed: the target host is not in the connection's allowedHosts, " +
        "so its token is not sent there",
    };
  }
  return { ok: true, grant: { connectionId: input.connectionId, version: row.version } };
}
