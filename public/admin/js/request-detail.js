/**
 * @module request-detail
 * Detail pane of a recorded request, and the live/polling indicator.
 */
import { seg } from "./api.js";
import { h } from "./dom.js";
import { badge, copyButton, methodBadge, prettyBody, statusBadge, timeEl } from "./ui.js";

/** Indicator for the live feed state (announced politely when it changes). */
export function liveBadge() {
  const el = h("span", { class: "live live-connecting", role: "status", testid: "live-state" });
  /** @param {"connecting" | "live" | "polling"} state */
  const set = (state) => {
    el.className = `live live-${state}`;
    el.dataset.state = state;
    el.textContent =
      state === "live"
        ? "Live"
        : state === "polling"
          ? "Live connection unavailable: refreshing every 3 s"
          : "Connecting…";
  };
  set("connecting");
  return { el, set };
}

/**
 * Headers or query as [name, value] pairs, whatever shape they were recorded in.
 * @param {unknown} v
 * @returns {Array<[string, string]>}
 */
export function pairs(v) {
  if (!v) return [];
  if (typeof v === "string") {
    return [...new URLSearchParams(v.replace(/^\?/, "")).entries()];
  }
  if (Array.isArray(v)) {
    return v.map((p) =>
      Array.isArray(p) ? [String(p[0]), String(p[1])] : [String(p.name), String(p.value)],
    );
  }
  if (typeof v === "object") {
    return Object.entries(v).flatMap(([k, val]) =>
      Array.isArray(val)
        ? val.map((x) => /** @type {[string, string]} */ ([k, String(x)]))
        : [/** @type {[string, string]} */ ([k, String(val)])],
    );
  }
  return [];
}

/** @param {Array<[string, string]>} list @param {string} caption */
export function kvTable(list, caption) {
  if (!list.length) return h("p", { class: "muted small", text: `No ${caption.toLowerCase()}.` });
  return h(
    "table",
    { class: "kv" },
    h("caption", { class: "sr-only", text: caption }),
    h(
      "tbody",
      null,
      list.map(([k, v]) => h("tr", null, h("th", { scope: "row", text: k }), h("td", { text: v }))),
    ),
  );
}

/**
 * @param {any} r recorded request
 * @param {string} endpoint
 * @param {string} mockUrl first URL of the endpoint, for "Copy as curl"
 */
export function requestDetail(r, endpoint, mockUrl) {
  const query = pairs(r.query);
  const headers = pairs(r.headers);
  const body = prettyBody(r.body);
  const rule = r.ruleId
    ? h("a", {
        href: `#/endpoints/${seg(endpoint)}/rules/${seg(r.ruleId)}`,
        text: r.ruleId,
      })
    : h("span", { class: "muted", text: "none (default response)" });

  return h(
    "div",
    { class: "stack", dataset: { id: r.id } },
    h(
      "div",
      { class: "detail-head" },
      methodBadge(r.method ?? ""),
      h("code", { class: "detail-path", text: r.path || "/" }),
      statusBadge(r.status),
    ),
    h(
      "dl",
      { class: "facts" },
      h("dt", { text: "Received" }),
      h("dd", null, timeEl(r.at, true)),
      h("dt", { text: "Status" }),
      h("dd", { text: String(r.status ?? "—") }),
      h("dt", { text: "Duration" }),
      h("dd", { text: r.durationMs === undefined ? "—" : `${r.durationMs} ms` }),
      h("dt", { text: "Matched rule" }),
      h("dd", null, rule),
    ),
    mockUrl
      ? h(
          "div",
          { class: "actions" },
          copyButton(curl(r, mockUrl), "curl command", "copy-curl", "Copy as curl"),
        )
      : null,
    h("h3", { text: "Query" }),
    kvTable(query, "Query parameters"),
    h("h3", { text: "Headers" }),
    kvTable(headers, "Headers"),
    h(
      "h3",
      null,
      "Body ",
      body.json ? badge("JSON", "info") : null,
      r.bodyTruncated ? badge("truncated", "warn") : null,
    ),
    body.text
      ? h("pre", { class: "code", tabindex: "0", testid: "request-body", text: body.text })
      : h("p", { class: "muted small", text: "Empty body." }),
  );
}

const SKIP_HEADERS = new Set(["host", "content-length", "connection", "accept-encoding"]);

/** A curl command that replays the request. @param {any} r @param {string} mockUrl */
function curl(r, mockUrl) {
  const q = (/** @type {string} */ s) => `'${s.replace(/'/g, "'\\''")}'`;
  const query = pairs(r.query);
  const qs = query.length ? `?${new URLSearchParams(query)}` : "";
  const url = mockUrl.replace(/\/$/, "") + (r.path || "/") + qs;
  const parts = ["curl", "-X", r.method || "GET", q(url)];
  for (const [k, v] of pairs(r.headers)) {
    const lower = k.toLowerCase();
    if (SKIP_HEADERS.has(lower) || lower.startsWith("cf-") || lower.startsWith("x-forwarded")) {
      continue;
    }
    parts.push("-H", q(`${k}: ${v}`));
  }
  if (typeof r.body === "string" && r.body) parts.push("--data-raw", q(r.body));
  return parts.join(" ");
}
