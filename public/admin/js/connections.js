/**
 * @module connections
 * `#/connections`: API connections (OAuth client credentials) with test and delete.
 */
import { api, ApiError, listOf, seg } from "./api.js";
import { h, replace } from "./dom.js";
import {
  badge,
  confirmDialog,
  emptyState,
  loading,
  pageHeader,
  problemBox,
  timeEl,
  toast,
} from "./ui.js";

/**
 * The token test outcome in words, coloured, for an aria-live region.
 * @param {any} test `{ ok, at, tokenType, expiresIn?, scope? }`
 *   or `{ ok: false, at, error, httpStatus? }`
 */
export function testResult(test) {
  if (!test) return h("p", { class: "muted small", text: "Not tested yet." });
  if (test.ok) {
    return h(
      "div",
      { class: "test-result test-ok", testid: "test-result", dataset: { ok: "true" } },
      h("strong", { text: "✓ Token request succeeded" }),
      h(
        "dl",
        { class: "facts" },
        h("dt", { text: "Token type" }),
        h("dd", { text: test.tokenType ?? "—" }),
        h("dt", { text: "Expires in" }),
        h("dd", { text: test.expiresIn === undefined ? "—" : duration(test.expiresIn) }),
        h("dt", { text: "Scope" }),
        h("dd", { text: test.scope || "—" }),
        test.at ? [h("dt", { text: "Tested" }), h("dd", null, timeEl(test.at, true))] : null,
      ),
    );
  }
  return h(
    "div",
    { class: "test-result test-fail", testid: "test-result", dataset: { ok: "false" } },
    h("strong", { text: "✗ Token request failed" }),
    h("p", { text: test.error ?? "Unknown error" }),
    test.httpStatus ? h("p", { class: "small", text: `HTTP status ${test.httpStatus}` }) : null,
    test.at ? h("p", { class: "small muted" }, "Tested ", timeEl(test.at, true)) : null,
  );
}

/** @param {number} s seconds */
function duration(s) {
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${s} s (${Math.round(s / 60)} min)`;
  return `${s} s (${Math.round(s / 360) / 10} h)`;
}

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} _params
 * @param {{ signal: AbortSignal }} ctx
 */
export function connectionsView(root, _params, ctx) {
  const list = h("div", { class: "stack", testid: "connection-list" }, loading());
  root.append(
    h(
      "div",
      { class: "stack", testid: "connections-screen" },
      pageHeader(
        "API connections",
        h("a", {
          class: "btn btn-primary",
          href: "#/connections/new",
          testid: "connection-new",
          text: "+ New connection",
        }),
      ),
      h("p", {
        class: "muted",
        text:
          "A connection fetches an OAuth 2.0 access token (client credentials) and adds it " +
          "to callouts of the endpoints it is shared with. Secrets never leave the server.",
      }),
      list,
    ),
  );

  const load = async () => {
    try {
      const conns = listOf(await api("GET", "/connections", { signal: ctx.signal }), "connections");
      if (!conns.length) {
        replace(
          list,
          emptyState(
            "No API connections yet",
            h("a", { class: "btn", href: "#/connections/new", text: "Create the first one" }),
          ),
        );
      } else
        replace(
          list,
          conns.map((c) => connectionCard(c, load, ctx.signal)),
        );
    } catch (err) {
      replace(list, problemBox(err));
    }
  };
  void load();
}

/**
 * @param {any} c
 * @param {() => Promise<void>} reload
 * @param {AbortSignal} signal
 */
function connectionCard(c, reload, signal) {
  const result = h(
    "div",
    { "aria-live": "polite", testid: "connection-test-live" },
    testResult(c.lastTest),
  );
  const extra = h("div", { "aria-live": "polite" });
  const test = h("button", {
    type: "button",
    class: "btn btn-small",
    testid: "connection-test",
    "aria-label": `Test ${c.displayName}`,
    text: "Test",
  });
  test.addEventListener("click", async () => {
    test.setAttribute("disabled", "");
    test.textContent = "Testing…";
    try {
      replace(result, testResult(await api("POST", `/connections/${seg(c.id)}/test`, { signal })));
    } catch (err) {
      replace(result, problemBox(err));
    } finally {
      test.removeAttribute("disabled");
      test.textContent = "Test";
    }
  });
  const del = h("button", {
    type: "button",
    class: "btn btn-small btn-danger-ghost",
    testid: "connection-delete",
    "aria-label": `Delete ${c.displayName}`,
    text: "Delete",
    onclick: () => void deleteConnection(c, reload, extra),
  });
  const endpoints = Array.isArray(c.endpoints) ? c.endpoints : [];
  return h(
    "article",
    { class: "card", testid: "connection-item", dataset: { id: c.id } },
    h(
      "div",
      { class: "card-head" },
      h("h2", null, h("a", { href: `#/connections/${seg(c.id)}`, text: c.displayName })),
      h(
        "div",
        { class: "actions" },
        test,
        h("a", {
          class: "btn btn-small",
          href: `#/connections/${seg(c.id)}`,
          testid: "connection-edit",
          "aria-label": `Edit ${c.displayName}`,
          text: "Edit",
        }),
        del,
      ),
    ),
    h(
      "dl",
      { class: "facts" },
      h("dt", { text: "Token URL" }),
      h("dd", null, h("code", { text: c.tokenUrl })),
      h("dt", { text: "Client ID" }),
      h("dd", null, h("code", { text: c.clientId })),
      h("dt", { text: "Shared with" }),
      h(
        "dd",
        null,
        endpoints.length
          ? endpoints.map((/** @type {string} */ e) =>
              h("a", { class: "chip", href: `#/endpoints/${seg(e)}`, text: e }),
            )
          : h("span", { class: "muted", text: "no endpoint yet" }),
      ),
      h("dt", { text: "Allowed hosts" }),
      h("dd", { text: (c.allowedHosts ?? []).join(", ") || "any" }),
    ),
    result,
    extra,
  );
}

/**
 * @param {any} c
 * @param {() => Promise<void>} reload
 * @param {HTMLElement} slot where a 409 lists the rules still using it
 */
export async function deleteConnection(c, reload, slot) {
  const ok = await confirmDialog({
    title: `Delete ${c.displayName}?`,
    body: h("p", { text: "Callouts can no longer use it. Rules that still do block the delete." }),
    confirmLabel: "Delete connection",
  });
  if (!ok) return;
  try {
    await api("DELETE", `/connections/${seg(c.id)}`);
    toast(`${c.displayName} deleted`);
    await reload();
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) {
      replace(slot, inUse(err.problem.rules));
      return;
    }
    replace(slot, problemBox(err));
  }
}

/** @param {unknown} rules the 409 body's `rules` */
function inUse(rules) {
  const list = Array.isArray(rules) ? rules : [];
  return h(
    "div",
    { class: "problem", role: "alert", testid: "connection-in-use" },
    h("strong", { text: "Still in use: remove it from these rules first." }),
    h(
      "ul",
      null,
      list.map((r) => {
        if (typeof r !== "object" || r === null) return h("li", { text: String(r) });
        const ep = r.endpoint ?? r.endpointName;
        const endpoint = typeof ep === "object" && ep !== null ? ep.name : ep;
        const label = `${endpoint ? `${endpoint}: ` : ""}${r.description || r.id || "rule"}`;
        return h(
          "li",
          null,
          endpoint && r.id
            ? h("a", { href: `#/endpoints/${seg(endpoint)}/rules/${seg(r.id)}`, text: label })
            : label,
        );
      }),
    ),
    badge(`${list.length} rule${list.length === 1 ? "" : "s"}`, "warn"),
  );
}
