/**
 * @module rule-callout
 * The callout part of the rule editor, with the Authentication Method picker
 * fed by the API connections shared with this endpoint.
 */
import { api, listOf, seg } from "./api.js";
import { h, replace } from "./dom.js";
import { checkbox, field, group, input, numberValue, select, textarea } from "./fields.js";
import { kvRows } from "./rows.js";
import { toast } from "./ui.js";

const CALLOUT_METHODS = ["POST", "GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/**
 * @param {any} callout existing rule.callout or undefined
 * @param {string} endpoint endpoint name
 * @param {AbortSignal} signal
 * @param {(mode: string | null) => void} onModeChange null when no callout is sent
 */
export function calloutEditor(callout, endpoint, signal, onModeChange) {
  const c = callout ?? {};
  const req = c.request ?? {};
  const enabled = checkbox("Send a callout when this rule matches", Boolean(callout), {
    testid: "callout-enabled",
  });
  const mode = select(
    [
      ["async", "async: answer first, then send the callout"],
      ["sync", "sync: send it while the client waits, answer with its response"],
    ],
    { value: c.mode ?? "async", testid: "callout-mode" },
  );
  const method = select(CALLOUT_METHODS, { value: req.method ?? "POST", testid: "callout-method" });
  const url = input({
    type: "text",
    class: "mono",
    value: req.url ?? "",
    placeholder: "https://example.com/webhook/{{pathParam 'id'}}",
    testid: "callout-url",
  });
  const headers = kvRows({
    path: "callout.request.headers",
    noun: "Callout header",
    map: req.headers,
    testid: "callout-headers",
  });
  const body = textarea({ value: req.body ?? "", testid: "callout-body" });
  const delay = input({ type: "number", min: 0, value: c.delayMs ?? "", placeholder: "0" });
  const attempts = input({ type: "number", min: 1, value: c.maxAttempts ?? "", placeholder: "5" });
  const auth = authPicker(c.connectionId ?? "", endpoint, signal);

  const asyncOnly = h(
    "div",
    { class: "grid-3" },
    field("Delay before sending (ms)", delay, { path: "callout.delayMs" }),
    field("Max attempts", attempts, {
      path: "callout.maxAttempts",
      hint: "Retries with backoff until one attempt succeeds. Default 5.",
    }),
  );
  const details = h(
    "div",
    { class: "stack" },
    h(
      "div",
      { class: "grid-3" },
      field("Mode", mode, { path: "callout.mode", class: "span-2" }),
      field("Callout method", method, { path: "callout.request.method" }),
    ),
    field("Callout URL", url, { path: "callout.request.url" }),
    auth.el,
    group("Callout headers", "callout.request.headers", headers.el),
    field("Callout body", body, { path: "callout.request.body" }),
    asyncOnly,
  );

  const sync = () => {
    details.hidden = !enabled.box.checked;
    asyncOnly.hidden = mode.value !== "async";
    onModeChange(enabled.box.checked ? mode.value : null);
  };
  enabled.box.addEventListener("change", sync);
  mode.addEventListener("change", sync);
  sync();

  return {
    el: h("div", { class: "stack", dataset: { path: "callout" } }, enabled.el, details),
    /** @returns {Record<string, unknown> | undefined} */
    value: () => {
      if (!enabled.box.checked) return undefined;
      /** @type {Record<string, unknown>} */
      const request = { method: method.value, url: url.value.trim() };
      const hs = headers.value();
      if (Object.keys(hs).length) request.headers = hs;
      if (body.value !== "") request.body = body.value;
      /** @type {Record<string, unknown>} */
      const out = { mode: mode.value, request };
      if (auth.value()) out.connectionId = auth.value();
      if (mode.value === "async") {
        const d = numberValue(delay);
        const a = numberValue(attempts);
        if (d !== undefined) out.delayMs = d;
        if (a !== undefined) out.maxAttempts = a;
      }
      return out;
    },
  };
}

/**
 * "Authentication Method": None plus the connections shared with the endpoint,
 * an Add link to the connections page and a reload button for after adding one.
 * @param {string} current connectionId of the rule, "" for none
 * @param {string} endpoint
 * @param {AbortSignal} signal
 */
function authPicker(current, endpoint, signal) {
  const sel = /** @type {HTMLSelectElement} */ (
    select([["", "None"]], { testid: "callout-auth", value: "" })
  );
  const status = h("span", { class: "muted", role: "status" });
  const reload = h("button", {
    type: "button",
    class: "btn btn-small btn-icon",
    "aria-label": "Reload connections",
    title: "Reload connections",
    testid: "reload-connections",
    text: "↻",
  });
  const add = h("a", {
    href: "/admin/#/connections",
    target: "_blank",
    rel: "noopener",
    class: "btn btn-small btn-ghost",
    testid: "add-connection",
    text: "Add",
  });
  let wanted = current;

  const load = async () => {
    reload.setAttribute("aria-busy", "true");
    status.textContent = "Loading connections…";
    try {
      const data = await api("GET", `/connections?endpoint=${seg(endpoint)}`, { signal });
      const conns = listOf(data, "connections");
      /** @type {Array<[string, string]>} */
      const options = [["", "None"]];
      for (const conn of conns) options.push([conn.id, conn.displayName || conn.id]);
      if (wanted && !conns.some((conn) => conn.id === wanted)) {
        // Keep a rule's connection visible even when it is no longer shared, so
        // saving does not silently drop it; the API answers 422 and says why.
        options.push([wanted, `${wanted} (not shared with this endpoint)`]);
      }
      replace(
        sel,
        options.map(([v, l]) => h("option", { value: v, text: l })),
      );
      sel.value = wanted;
      status.textContent = conns.length
        ? ""
        : "No connection is shared with this endpoint yet. Use Add, then ↻.";
    } catch (err) {
      status.textContent = "Could not load connections.";
      toast(err instanceof Error ? err.message : String(err), "error");
    } finally {
      reload.removeAttribute("aria-busy");
    }
  };
  sel.addEventListener("change", () => (wanted = sel.value));
  reload.addEventListener("click", () => {
    void load().then(() => toast("Connections reloaded"));
  });
  void load();

  sel.id = `auth-${Math.random().toString(36).slice(2)}`;
  const el = h(
    "div",
    { class: "field", dataset: { path: "callout.connectionId" } },
    h("label", { for: sel.id, text: "Authentication Method" }),
    h("div", { class: "inline" }, sel, add, reload),
    h("p", {
      class: "hint",
      text: "An API connection fetches an OAuth token and sends it as the Authorization header.",
    }),
    status,
    h("p", { class: "field-error", hidden: true }),
  );
  return { el, value: () => sel.value };
}
