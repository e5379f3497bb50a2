/**
 * @module callouts
 * The Callouts tab: each callout with its state and every delivery attempt.
 */
import { api, listOf, seg } from "./api.js";
import { h, keepFocus, replace } from "./dom.js";
import { openLive } from "./live.js";
import { kvTable, liveBadge, pairs } from "./request-detail.js";
import {
  badge,
  emptyState,
  loading,
  methodBadge,
  prettyBody,
  problemBox,
  statusBadge,
  timeEl,
} from "./ui.js";

const PAGE = 50;
const STATE_KIND = { queued: "muted", retrying: "warn", delivered: "ok", failed: "fail" };

/**
 * @param {HTMLElement} panel
 * @param {string} name endpoint name
 * @param {AbortSignal} signal
 */
export function calloutsTab(panel, name, signal) {
  const base = `/endpoints/${seg(name)}/callouts`;
  /** @type {any[]} */
  let callouts = [];
  /** @type {string | null} */
  let next = null;
  /** Callouts the user has expanded, kept open across live re-renders. */
  const open = new Set();
  /** @type {Map<string, string>} */
  const connNames = new Map();

  const state = liveBadge();
  const list = h("div", { class: "stack", testid: "callout-list" }, loading());
  const errors = h("div");
  const more = h("button", {
    type: "button",
    class: "btn",
    hidden: true,
    testid: "callouts-load-more",
    text: "Load more",
  });
  panel.append(h("div", { class: "toolbar" }, state.el), errors, list, more);

  const render = () => {
    more.hidden = !next;
    if (!callouts.length) {
      replace(
        list,
        emptyState(
          "No callouts yet",
          h("p", {
            class: "muted",
            text: "A rule with a callout sends one each time it matches; they are listed here.",
          }),
        ),
      );
      return;
    }
    keepFocus(list, () => replace(list, callouts.map(item)));
  };

  /** @param {any} c */
  const item = (c) => {
    const attempts = Array.isArray(c.attempts) ? c.attempts : [];
    const last = attempts[attempts.length - 1];
    const details = h(
      "details",
      { class: "callout card", testid: "callout-item", dataset: { id: c.id, state: c.state } },
      h(
        "summary",
        null,
        badge(
          c.state ?? "queued",
          STATE_KIND[/** @type {keyof STATE_KIND} */ (c.state)] ?? "muted",
        ),
        methodBadge(c.method ?? ""),
        h("code", { class: "callout-url", text: c.url ?? "" }),
        h(
          "span",
          { class: "muted small" },
          timeEl(c.at),
          ` · ${attempts.length} attempt${attempts.length === 1 ? "" : "s"}`,
          last?.status ? ` · last ${last.status}` : last?.error ? " · last failed" : "",
        ),
      ),
      h(
        "dl",
        { class: "facts" },
        h("dt", { text: "Callout id (Idempotency-Key)" }),
        h("dd", null, h("code", { text: c.id })),
        h("dt", { text: "Rule" }),
        h(
          "dd",
          null,
          c.ruleId
            ? h("a", { href: `#/endpoints/${seg(name)}/rules/${seg(c.ruleId)}`, text: c.ruleId })
            : "—",
        ),
        h("dt", { text: "Connection" }),
        h("dd", {
          text: c.connectionId ? (connNames.get(c.connectionId) ?? c.connectionId) : "none",
        }),
      ),
      attempts.length
        ? h("ol", { class: "attempts" }, attempts.map(attemptItem))
        : h("p", { class: "muted", text: "Not attempted yet." }),
    );
    if (open.has(c.id)) details.setAttribute("open", "");
    details.addEventListener("toggle", () => {
      if (/** @type {HTMLDetailsElement} */ (details).open) open.add(c.id);
      else open.delete(c.id);
    });
    return details;
  };

  /** Newest first; a callout already shown is replaced by id. @param {any[]} incoming */
  const merge = (incoming) => {
    const byId = new Map(callouts.map((c) => [c.id, c]));
    for (const c of incoming) if (c?.id) byId.set(c.id, c);
    callouts = [...byId.values()].sort((a, b) => String(b.at).localeCompare(String(a.at)));
    render();
  };

  const firstPage = async () => {
    const data = await api("GET", `${base}?limit=${PAGE}`, { signal });
    return { items: listOf(data, "callouts"), next: data?.next ?? null };
  };

  more.addEventListener("click", async () => {
    if (!next) return;
    more.setAttribute("disabled", "");
    try {
      const q = new URLSearchParams({ limit: String(PAGE), before: String(next) });
      const data = await api("GET", `${base}?${q}`, { signal });
      next = data?.next ?? null;
      merge(listOf(data, "callouts"));
    } catch (err) {
      replace(errors, problemBox(err));
    } finally {
      more.removeAttribute("disabled");
    }
  });

  void api("GET", "/connections", { signal })
    .then((data) => {
      for (const c of listOf(data, "connections")) connNames.set(c.id, c.displayName);
      render();
    })
    .catch(() => {});

  void firstPage()
    .then((page) => {
      callouts = page.items;
      next = page.next;
      render();
      openLive(name, {
        signal,
        onState: state.set,
        onMessage: (msg) => {
          if (msg.type === "callout" && msg.callout) merge([msg.callout]);
        },
        poll: async () => merge((await firstPage()).items),
      });
    })
    .catch((err) => replace(list, problemBox(err)));
}

/** @param {any} a @param {number} i */
function attemptItem(a, i) {
  const body = prettyBody(a.responseBody);
  const headers = pairs(a.responseHeaders);
  const hasResponse = body.text || headers.length;
  return h(
    "li",
    { class: "attempt", testid: "callout-attempt" },
    h(
      "div",
      { class: "attempt-line" },
      h("span", { class: "muted", text: `#${i + 1}` }),
      timeEl(a.at),
      a.status ? statusBadge(a.status) : badge("no response", "fail"),
      h("span", {
        class: "muted small",
        text: a.durationMs === undefined ? "" : `${a.durationMs} ms`,
      }),
      a.error ? h("span", { class: "attempt-error", text: a.error }) : null,
    ),
    hasResponse
      ? h(
          "details",
          { class: "snippet" },
          h("summary", { text: "Response" }),
          kvTable(headers, "Response headers"),
          body.text ? h("pre", { class: "code", tabindex: "0", text: body.text }) : null,
        )
      : null,
  );
}
