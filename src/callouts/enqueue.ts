/**
 * @module Starts an async callout after the mock response went out (inside waitUntil): render,
 * check, record it `queued`, send it to the callouts queue. Whatever stops it on the way is
 * recorded as a failed callout with the reason, so no callout ends unrecorded.
 */
import { newSortableId } from "../db/ids";
import { log } from "../http/log";
import type { MockHit } from "../mock/after";
import { policyFor } from "../outbound/policy-env";
import { checkOutboundUrl } from "../outbound/url-policy";
import { TemplateRenderError } from "../templates";
import {
  MESSAGE_BUDGET_BYTES,
  effectiveMaxAttempts,
  hopLimitReason,
  messageBytes,
  nextHop,
  type CalloutMessage,
} from "./message";
import { asyncRecord, upsertCallout } from "./record";
import { renderCalloutRequest } from "./render";

/**
 * Queues delays are whole seconds, so a delay is rounded up: a callout is never sent earlier
 * than the rule asks, at most 999 ms later. Waiting inside waitUntil instead would hold the
 * mock request's invocation open for no gain.
 */
export function queueDelaySeconds(delayMs: number | undefined): number {
  return delayMs ? Math.ceil(delayMs / 1000) : 0;
}

export async function enqueueAsyncCallout(env: Env, hit: MockHit): Promise<void> {
  const { rule, config, treq } = hit;
  const callout = rule?.callout;
  if (!rule || callout?.mode !== "async") return;
  const msg: CalloutMessage = {
    calloutId: newSortableId("co"),
    at: new Date().toISOString(),
    accountId: config.accountId,
    endpointId: config.id,
    endpointName: config.name,
    ruleId: rule.id,
    requestId: hit.requestId,
    method: callout.request.method,
    url: callout.request.url,
    headers: {},
    body: null,
    connectionId: callout.connectionId ?? null,
    maxAttempts: effectiveMaxAttempts(callout.maxAttempts),
    hop: nextHop(treq.headers),
    ownHost: hit.url.host || null,
  };
  const fail = (reason: string) =>
    upsertCallout(env, config.id, asyncRecord(msg, "failed", reason));
  try {
    const rendered = renderCalloutRequest(config, callout, treq);
    Object.assign(msg, { url: rendered.url, headers: rendered.headers, body: rendered.body });
  } catch (err) {
    if (!(err instanceof TemplateRenderError)) throw err;
    return fail(`template_render_failed: ${err.message}`);
  }
  const refused =
    hopLimitReason(msg.hop) ??
    urlRefusal(env, msg) ??
    (messageBytes(msg) > MESSAGE_BUDGET_BYTES
      ? `message_too_large: the rendered callout takes ${messageBytes(msg)} bytes; ` +
        `a queued callout holds at most ${MESSAGE_BUDGET_BYTES} (Cloudflare Queues' 128 KB limit)`
      : null);
  if (refused) return fail(refused);
  await upsertCallout(env, config.id, asyncRecord(msg, "queued"));
  const delaySeconds = queueDelaySeconds(callout.delayMs);
  try {
    await env.CALLOUTS.send(msg, {
      contentType: "json",
      ...(delaySeconds ? { delaySeconds } : {}),
    });
  } catch (err) {
    log("error", "callout enqueue failed", {
      calloutId: msg.calloutId,
      endpointId: msg.endpointId,
      error: err instanceof Error ? err.message : String(err),
    });
    await fail("queue_send_failed: the callout could not be queued; it was not sent");
  }
}

function urlRefusal(env: Env, msg: CalloutMessage): string | null {
  const policy = policyFor(env, msg.ownHost ?? undefined);
  const reason = checkOutboundUrl(msg.url, policy, {
    carriesCredential: msg.connectionId !== null,
  });
  return reason ? `url_refused: ${reason}` : null;
}
