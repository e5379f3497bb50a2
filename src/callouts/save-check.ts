/**
 * @module Save-time checks of a callout that need more than the schema: a static target URL is
 * checked against the URL policy and the connection's allowedHosts, and an async callout whose
 * static body cannot fit in a queue message is refused now rather than failing on every hit.
 */
import type { Db } from "../db/client";
import { findConnection } from "../connections/store";
import type { FieldError } from "../http/errors";
import type { OutboundPolicy } from "../outbound/policy-env";
import { checkOutboundUrl, hostAllowed } from "../outbound/url-policy";
import type { Callout } from "../rules/schema";
import { isStaticTemplate } from "../templates";
import { MESSAGE_BUDGET_BYTES, messageBytes, type CalloutMessage } from "./message";
import { methodHasBody } from "./render";

export async function calloutSaveErrors(
  d: Db,
  accountId: string,
  callout: Callout,
  policy: OutboundPolicy,
  connectionShared: boolean,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const { url, body, method } = callout.request;
  const connectionId = callout.connectionId ?? null;
  if (isStaticTemplate(url)) {
    const refused = checkOutboundUrl(url.trim(), policy, {
      carriesCredential: connectionId !== null,
    });
    if (refused) errors.push({ path: "callout.request.url", message: refused });
    else if (connectionId && connectionShared) {
      const connection = await findConnection(d, accountId, connectionId);
      const allowed = connection?.allowedHosts
        ? (JSON.parse(connection.allowedHosts) as string[])
        : null;
      if (connection && !hostAllowed(url.trim(), allowed)) {
        errors.push({
          path: "callout.request.url",
          message:
            "its host is not in the connection's allowedHosts " + `(${(allowed ?? []).join(", ")})`,
        });
      }
    }
  }
  if (body !== undefined && !methodHasBody(method)) {
    errors.push({ path: "callout.request.body", message: `a ${method} request carries no body` });
  } else if (callout.mode === "async" && body !== undefined && isStaticTemplate(body)) {
    const bytes = messageBytes(sampleMessage(callout));
    if (bytes > MESSAGE_BUDGET_BYTES) {
      errors.push({
        path: "callout.request.body",
        message:
          `a queued callout holds at most ${MESSAGE_BUDGET_BYTES} bytes (Cloudflare Queues' ` +
          `128 KB limit) and this one would take about ${bytes}`,
      });
    }
  }
  return errors;
}

/** The message this callout would queue, with ids and names at their longest. */
function sampleMessage(callout: Callout): CalloutMessage {
  const id = "x".repeat(40);
  return {
    calloutId: id,
    at: new Date(0).toISOString(),
    accountId: id,
    endpointId: id,
    endpointName: "x".repeat(63),
    ruleId: id,
    requestId: id,
    method: callout.request.method,
    url: callout.request.url,
    headers: callout.request.headers ?? {},
    body: callout.request.body ?? null,
    connectionId: callout.connectionId ?? null,
    maxAttempts: 20,
    hop: 5,
    ownHost: "x".repeat(253),
  };
}
