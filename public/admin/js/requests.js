/**
 * @module requests
 * The Requests tab: live request inspector with a detail pane.
 */
import { api, listOf, seg } from "./api.js";
import { h, keepFocus, replace } from "./dom.js";
import { openLive } from "./live.js";
import { liveBadge, requestDetail } from "./request-detail.js";
import { emptyState, loading, methodBadge, problemBox, statusBadge, timeEl } from "./ui.js";

const PAGE = 50;

/**
 * @param {HTMLElement} panel
 * @param {string} name endpoint name
 * @param {Promise<any>} endpoint resolves to the endpoint (for its URLs)
 * @param {AbortSignal} signal
 */
export function requestsTab(panel, name, endpoint, signal) {
  const base = `/endpoints/${seg(name)}/requests`;
  /** @type {any[]} */
  let requests = [];
  /** @type {string | null} */
  let next = null;
  /** @type {string | null} */
  let selected = null;
  /** @type {string} */
  let mockUrl = "";
  endpoint.then(
    (ep) => (mockUrl = Array.isArray(ep.urls) ? String(ep.urls[0] ?? "") : ""),
    () => {},
  );

  /** @type {Map<string, string>} rule id → "#2 description" */
  const ruleNames = new Map();
  void api("GET", `/endpoints/${seg(name)}/rules`, { signal })
    .then((data) => {
      listOf(data, "rules").forEach((rule, i) => {
        ruleNames.set(rule.id, `#${i + 1} ${rule.description ?? ""}`.trim());
      });
      if (requests.length) render();
    })
    .catch(() => {});

  const state = liveBadge();
  const filter = h("input", {
    type: "search",
    placeholder: "Filter by method, path or status",
    "aria-label": "Filter requests",
    testid: "requests-filter",
  });
  const errors = h("div");
  const tbody = h("tbody");
  const table = h(
    "table",
    { class: "table requests-table", testid: "requests-table" },
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        ["Time", "Method", "Path", "Status", "Duration", "Rule"].map((t) =>
          h("th", { scope: "col", text: t }),
        ),
      ),
    ),
    tbody,
  );
  const more = h("button", {
    type: "button",
    class: "btn",
    testid: "requests-load-more",
    text: "Load more",
    hidden: true,
  });
  const listBox = h("div", { class: "table-wrap" }, loading());
  const detail = h(
    "aside",
    { class: "detail card", testid: "request-detail", "aria-label": "Request detail" },
    h("p", { class: "muted", text: "Select a request to see its details." }),
  );

  panel.append(
    h("div", { class: "toolbar" }, state.el, filter),
    errors,
    h("div", { class: "split" }, h("div", { class: "stack" }, listBox, more), detail),
  );

  const render = () => {
    const q = filter.value.trim().toLowerCase();
    const shown = q
      ? requests.filter((r) => `${r.method} ${r.path} ${r.status}`.toLowerCase().includes(q))
      : requests;
    if (!requests.length) {
      replace(
        listBox,
        emptyState(
          "No requests yet",
          h("p", {
            class: "muted",
            text: "Send a request to one of the URLs above; it shows up here at once.",
          }),
        ),
      );
    } else replace(listBox, table);
    keepFocus(tbody, () => replace(tbody, shown.map(row)));
    more.hidden = !next;
  };

  /** @param {any} r */
  const row = (r) => {
    const open = h("button", {
      type: "button",
      class: "link-button mono",
      text: r.path || "/",
      title: r.path || "/",
      "aria-label": `Show ${r.method} ${r.path} at ${r.at}`,
      onclick: () => select(r.id),
    });
    return h(
      "tr",
      {
        class: r.id === selected ? "selected" : "",
        testid: "request-row",
        dataset: { id: r.id },
        onclick: (/** @type {Event} */ e) => {
          if (e.target !== open) select(r.id);
        },
      },
      h("td", null, timeEl(r.at)),
      h("td", null, methodBadge(r.method ?? "")),
      h("td", { class: "path-cell" }, open),
      h("td", null, statusBadge(r.status)),
      h("td", { class: "num", text: r.durationMs === undefined ? "—" : `${r.durationMs} ms` }),
      h("td", { class: "rule-cell" }, ruleLabel(r.ruleId)),
    );
  };

  /**
   * Rule ids are long and opaque: show the rule's position and description instead, with the
   * id in the tooltip. Rules added after the tab opened fall back to the id.
   * @param {string | null | undefined} id
   */
  const ruleLabel = (id) => {
    if (!id) return h("span", { class: "muted", text: "default" });
    const known = ruleNames.get(id);
    return h("span", { class: "rule-name", title: id, text: known ?? id });
  };

  /** @param {string} id */
  const select = (id) => {
    selected = id;
    const r = requests.find((x) => x.id === id);
    if (r) replace(detail, requestDetail(r, name, mockUrl));
    for (const tr of tbody.querySelectorAll("tr")) {
      tr.classList.toggle("selected", tr.dataset.id === id);
    }
  };

  /** Newest first, no duplicates. @param {any[]} incoming */
  const merge = (incoming) => {
    const known = new Set(requests.map((r) => r.id));
    const fresh = incoming.filter((r) => r && !known.has(r.id));
    if (!fresh.length) return;
    requests = [...fresh, ...requests].sort((a, b) => String(b.at).localeCompare(String(a.at)));
    render();
  };

  const firstPage = async () => {
    const data = await api("GET", `${base}?limit=${PAGE}`, { signal });
    return { items: listOf(data, "requests"), next: data?.next ?? null };
  };

  more.addEventListener("click", async () => {
    if (!next) return;
    more.setAttribute("disabled", "");
    try {
      const q = new URLSearchParams({ limit: String(PAGE), before: String(next) });
      const data = await api("GET", `${base}?${q}`, { signal });
      const known = new Set(requests.map((r) => r.id));
      requests = requests.concat(listOf(data, "requests").filter((r) => !known.has(r.id)));
      next = data?.next ?? null;
      render();
    } catch (err) {
      replace(errors, problemBox(err));
    } finally {
      more.removeAttribute("disabled");
    }
  });
  filter.addEventListener("input", render);

  void firstPage()
    .then((page) => {
      requests = page.items;
      next = page.next;
      render();
      openLive(name, {
        signal,
        onState: state.set,
        onMessage: (msg) => {
          if (msg.type === "request" && msg.request) merge([msg.request]);
        },
        poll: async () => merge((await firstPage()).items),
      });
    })
    .catch((err) => replace(listBox, problemBox(err)));
}
