/**
 * @module EndpointLog: one Durable Object per endpoint holding its recent requests and callouts
 * in its own SQLite storage, and the live feed (hibernatable WebSockets) the admin page watches.
 * Writes come over RPC from the mock hot path (after the response) and the callout sender.
 */
import { DurableObject } from "cloudflare:workers";
import { log } from "../http/log";
import * as callouts from "./callout-store";
import { decodeCursor } from "./cursor";
import * as requests from "./request-store";
import { historyLimit, storedAttempt, storedCallout, storedRequest } from "./sanitize";
import { createSchema } from "./schema-sql";
import type {
  AttemptRecord,
  CalloutRecord,
  CalloutState,
  LiveMessage,
  Page,
  RequestRecord,
} from "./types";

/** The most items one page may hold (API.md "History"). */
export const MAX_PAGE_SIZE = 200;

export interface PageOptions {
  limit: number;
  /** A cursor from a previous page's `next`. */
  before?: string;
}

function pageArgs(opts: PageOptions): { limit: number; before: number | null } {
  const limit = Math.min(Math.max(Math.trunc(opts.limit) || 1, 1), MAX_PAGE_SIZE);
  if (opts.before === undefined) return { limit, before: null };
  const before = decodeCursor(opts.before);
  if (before === null) throw new Error("The page cursor is not valid");
  return { limit, before };
}

export class EndpointLog extends DurableObject<Env> {
  readonly #sql: SqlStorage;
  readonly #limit: number;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    this.#limit = historyLimit(env);
    void ctx.blockConcurrencyWhile(() => {
      createSchema(this.#sql);
      return Promise.resolve();
    });
    // Answered by the runtime without waking the object, so keep-alives cost nothing.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  async recordRequest(rec: RequestRecord): Promise<void> {
    await this.recordRequests([rec]);
  }

  /** Several hits in one call (the mock path batches them, see record.ts); trimmed once. */
  async recordRequests(recs: RequestRecord[]): Promise<void> {
    const stored = recs.map(storedRequest);
    for (const rec of stored) requests.insertRequest(this.#sql, rec);
    requests.trimRequests(this.#sql, this.#limit);
    for (const rec of stored) this.#broadcast({ type: "request", request: rec });
  }

  async upsertCallout(rec: CalloutRecord): Promise<void> {
    const stored = storedCallout(rec);
    const inserted = callouts.upsertCallout(this.#sql, stored);
    if (inserted) {
      for (const attempt of stored.attempts) callouts.insertAttempt(this.#sql, stored.id, attempt);
      callouts.trimCallouts(this.#sql, this.#limit);
    }
    this.#pushCallout(stored.id);
  }

  async addAttempt(
    calloutId: string,
    attempt: AttemptRecord,
    state: CalloutState,
    error?: string,
  ): Promise<void> {
    if (!callouts.calloutExists(this.#sql, calloutId)) {
      // The sender upserts a callout before its first attempt; one missing here was trimmed
      // away (older than the newest HISTORY_LIMIT) or wiped with its endpoint.
      log("warn", "attempt for an unknown callout dropped", { calloutId, state });
      return;
    }
    callouts.insertAttempt(this.#sql, calloutId, storedAttempt(attempt));
    callouts.setCalloutState(this.#sql, calloutId, state, error);
    this.#pushCallout(calloutId);
  }

  async listRequests(opts: PageOptions): Promise<Page<RequestRecord>> {
    const { limit, before } = pageArgs(opts);
    return requests.listRequests(this.#sql, limit, before);
  }

  async listCallouts(opts: PageOptions): Promise<Page<CalloutRecord>> {
    const { limit, before } = pageArgs(opts);
    return callouts.listCallouts(this.#sql, limit, before);
  }

  async getCallout(id: string): Promise<CalloutRecord | null> {
    return callouts.getCallout(this.#sql, id);
  }

  /** The endpoint was deleted: free all storage and end every live feed. */
  async wipe(): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.close(1000, "endpoint deleted");
      } catch {
        // Already closing: nothing left to tell it.
      }
    }
    await this.ctx.storage.deleteAll();
    createSchema(this.#sql);
  }

  /** The live feed; the worker has checked the API key and the endpoint's owner already. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const pair = new WebSocketPair();
    // acceptWebSocket (not ws.accept) lets the object hibernate while sockets stay open.
    this.ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  override async webSocketMessage(): Promise<void> {
    // The feed is one-way; "ping" is answered by the auto-response, anything else is ignored.
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      // Completes the closing handshake (RFC 6455 §5.5.1); 1005 and 1006 may not be sent back.
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
  }

  #pushCallout(id: string): void {
    if (this.ctx.getWebSockets().length === 0) return;
    const callout = callouts.getCallout(this.#sql, id);
    if (callout) this.#broadcast({ type: "callout", callout });
  }

  #broadcast(msg: LiveMessage): void {
    const sockets = this.ctx.getWebSockets();
    if (sockets.length === 0) return;
    const text = JSON.stringify(msg);
    for (const ws of sockets) {
      try {
        ws.send(text);
      } catch {
        // A socket closing right now misses this message; the others still get it.
      }
    }
  }
}
