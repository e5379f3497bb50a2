/**
 * @module How callouts reach the endpoint's history (EndpointLog). Request headers are redacted
 * here as well as in the log itself, so no code path hands it a token in clear.
 */
import { endpointLogFor } from "../logs/client";
import { redactHeaders } from "../logs/redact";
import type { AttemptRecord, CalloutRecord, CalloutState } from "../logs/types";
import type { CalloutMessage } from "./message";
import { calloutHeaders } from "./send";

/** The history record of an async callout, built from its queue message. */
export function asyncRecord(
  msg: CalloutMessage,
  state: CalloutState,
  error?: string,
): CalloutRecord {
  const headers = calloutHeaders(
    { method: msg.method, url: msg.url, headers: msg.headers, body: msg.body },
    msg.calloutId,
    msg.hop,
  );
  return {
    id: msg.calloutId,
    at: msg.at,
    ruleId: msg.ruleId,
    requestId: msg.requestId,
    mode: "async",
    method: msg.method,
    url: msg.url,
    connectionId: msg.connectionId,
    requestHeaders: redactHeaders(headers),
    requestBody: msg.body ?? "",
    state,
    ...(error === undefined ? {} : { error }),
    attempts: [],
  };
}

export async function upsertCallout(env: Env, endpointId: string, rec: CalloutRecord) {
  await endpointLogFor(env, endpointId).upsertCallout(rec);
}

/** Appends the attempts in order; the last one's state (and error) is where the callout ends. */
export async function addAttempts(
  env: Env,
  endpointId: string,
  calloutId: string,
  attempts: { record: AttemptRecord; state: CalloutState; error?: string }[],
): Promise<void> {
  const log = endpointLogFor(env, endpointId);
  for (const a of attempts) await log.addAttempt(calloutId, a.record, a.state, a.error);
}
