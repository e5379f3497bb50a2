/**
 * @module The history API's logic: every read first proves the endpoint belongs to the caller's
 * account (another account's endpoint is a 404), then asks that endpoint's EndpointLog.
 */
import type { Db } from "../db/client";
import { requireEndpoint } from "../endpoints/logic";
import { endpointLogFor } from "./client";
import type { PageOptions } from "./endpoint-log";
import type { CalloutRecord, RequestRecord } from "./types";

export async function listRequests(
  env: Env,
  d: Db,
  accountId: string,
  name: string,
  opts: PageOptions,
): Promise<{ requests: RequestRecord[]; next: string | null }> {
  const row = await requireEndpoint(d, accountId, name);
  const page = await endpointLogFor(env, row.id).listRequests(opts);
  return { requests: page.items, next: page.next };
}

export async function listCallouts(
  env: Env,
  d: Db,
  accountId: string,
  name: string,
  opts: PageOptions,
): Promise<{ callouts: CalloutRecord[]; next: string | null }> {
  const row = await requireEndpoint(d, accountId, name);
  const page = await endpointLogFor(env, row.id).listCallouts(opts);
  return { callouts: page.items, next: page.next };
}

/** Hands the upgrade to the endpoint's EndpointLog; the caller has checked the Upgrade header. */
export async function openLiveFeed(
  env: Env,
  d: Db,
  accountId: string,
  name: string,
): Promise<Response> {
  const row = await requireEndpoint(d, accountId, name);
  // A fresh request: the API key (possibly in the query) never reaches the object.
  const upgrade = new Request("https://endpoint-log/live", { headers: { upgrade: "websocket" } });
  return endpointLogFor(env, row.id).fetch(upgrade);
}
