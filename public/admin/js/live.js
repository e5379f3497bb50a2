/**
 * @module live
 * Live feed of an endpoint's requests and callouts. Prefers the WebSocket at
 * `/endpoints/NAME/live`; when it cannot connect or drops, polls every 3 s and
 * tries the socket again now and then.
 */
import { liveUrl } from "./api.js";

const POLL_MS = 3000;
const RETRY_SOCKET_MS = 30000;

/**
 * @typedef {"connecting" | "live" | "polling"} LiveState
 * @param {string} name endpoint name
 * @param {{
 *   signal: AbortSignal,
 *   onMessage: (msg: { type: string, request?: any, callout?: any }) => void,
 *   poll: () => Promise<void>,
 *   onState: (state: LiveState) => void,
 * }} opts
 */
export function openLive(name, { signal, onMessage, poll, onState }) {
  /** @type {WebSocket | null} */
  let socket = null;
  /** @type {ReturnType<typeof setInterval> | null} */
  let pollTimer = null;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let retryTimer = null;

  const startPolling = () => {
    onState("polling");
    if (pollTimer === null) pollTimer = setInterval(() => void poll().catch(() => {}), POLL_MS);
    if (retryTimer === null) {
      retryTimer = setTimeout(() => {
        retryTimer = null;
        connect();
      }, RETRY_SOCKET_MS);
    }
  };

  const stopPolling = () => {
    if (pollTimer !== null) clearInterval(pollTimer);
    pollTimer = null;
  };

  const connect = () => {
    if (signal.aborted) return;
    let ws;
    try {
      ws = new WebSocket(liveUrl(name));
    } catch {
      startPolling();
      return;
    }
    socket = ws;
    if (pollTimer === null) onState("connecting");
    ws.addEventListener("open", () => {
      stopPolling();
      onState("live");
      // Catch what arrived while the socket was down.
      void poll().catch(() => {});
    });
    ws.addEventListener("message", (event) => {
      try {
        const msg = JSON.parse(String(event.data));
        if (msg && typeof msg === "object") onMessage(msg);
      } catch {
        // Not JSON: the contract only sends JSON, so skip it.
      }
    });
    // "error" is always followed by "close", so fallback is handled once, there.
    ws.addEventListener("close", () => {
      if (socket !== ws) return;
      socket = null;
      if (!signal.aborted) startPolling();
    });
  };

  signal.addEventListener("abort", () => {
    stopPolling();
    if (retryTimer !== null) clearTimeout(retryTimer);
    const ws = socket;
    socket = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, "page left");
  });

  connect();
}
