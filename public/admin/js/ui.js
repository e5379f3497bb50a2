/**
 * @module ui
 * Shared widgets: copy buttons, toasts, the confirm dialog, problem boxes, badges.
 */
import { h, replace } from "./dom.js";

/**
 * Put text on the clipboard. Falls back to a hidden textarea where the async
 * Clipboard API is missing (plain http on a non-localhost host is not a secure context).
 * @param {string} text
 */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h("textarea", { value: text, class: "offscreen", "aria-hidden": "true" });
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

/**
 * @param {string} text what gets copied
 * @param {string} what names the thing for screen readers, e.g. "URL"
 * @param {string} [testid]
 * @param {string} [label] visible text when a bare "Copy" would not say what is copied
 */
export function copyButton(text, what, testid = "copy-button", label = "Copy") {
  const btn = h("button", {
    type: "button",
    class: "btn btn-small",
    // The accessible name starts with the visible text (WCAG 2.5.3, label in name).
    "aria-label": label === "Copy" ? `Copy ${what}` : undefined,
    testid,
    text: label,
  });
  btn.addEventListener("click", async () => {
    const ok = await copyText(text);
    btn.textContent = ok ? "Copied" : "Copy failed";
    toast(ok ? `${what} copied` : `Could not copy the ${what}`);
    window.setTimeout(() => (btn.textContent = label), 1500);
  });
  return btn;
}

/**
 * A URL or key in monospace with its copy button.
 * @param {string} text
 * @param {string} what
 * @param {string} [testid]
 */
export function copyable(text, what, testid) {
  return h("div", { class: "copyable" }, h("code", { text }), copyButton(text, what, testid));
}

/**
 * Announce a short message in the toast area (aria-live polite).
 * @param {string} message
 * @param {"info" | "error"} [kind]
 */
export function toast(message, kind = "info") {
  const region = document.getElementById("toasts");
  if (!region) return;
  const item = h("div", { class: `toast toast-${kind}`, text: message });
  region.appendChild(item);
  window.setTimeout(() => item.remove(), kind === "error" ? 7000 : 3500);
}

/**
 * Modal confirmation built on <dialog>, which traps focus and closes on Escape.
 * @param {{ title: string, body?: unknown, confirmLabel?: string, danger?: boolean }} opts
 * @returns {Promise<boolean>}
 */
export function confirmDialog({ title, body, confirmLabel = "Delete", danger = true }) {
  return new Promise((resolve) => {
    const ok = h("button", {
      type: "submit",
      value: "ok",
      class: danger ? "btn btn-danger" : "btn btn-primary",
      testid: "confirm-ok",
      text: confirmLabel,
    });
    const cancel = h("button", {
      type: "submit",
      value: "cancel",
      class: "btn",
      testid: "confirm-cancel",
      text: "Cancel",
    });
    const titleId = `dlg-${Date.now()}`;
    const dialog = /** @type {HTMLDialogElement} */ (
      h(
        "dialog",
        { class: "dialog", "aria-labelledby": titleId, testid: "confirm-dialog" },
        h(
          "form",
          { method: "dialog" },
          h("h2", { id: titleId, text: title }),
          body ? h("div", { class: "dialog-body" }, body) : null,
          h("div", { class: "actions" }, cancel, ok),
        ),
      )
    );
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "ok");
      dialog.remove();
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/**
 * Render a problem (RFC 9457) or any error as an alert box.
 * @param {unknown} err
 * @param {string[]} [extra] messages that could not be placed next to a field
 */
export function problemBox(err, extra = []) {
  const problem = /** @type {{ title?: string, detail?: string }} */ (
    err && typeof err === "object" && "problem" in err ? err.problem : {}
  );
  const title = problem.title || (err instanceof Error ? err.message : "Something went wrong");
  const detail = problem.detail && problem.detail !== title ? problem.detail : "";
  return h(
    "div",
    { class: "problem", role: "alert", testid: "problem" },
    h("strong", { text: title }),
    detail ? h("p", { text: detail }) : null,
    extra.length
      ? h(
          "ul",
          null,
          extra.map((m) => h("li", { text: m })),
        )
      : null,
  );
}

/**
 * Show an error inside `slot`, or empty it when err is null.
 * @param {HTMLElement} slot
 * @param {unknown} err
 * @param {string[]} [extra]
 */
export function showProblem(slot, err, extra = []) {
  if (err) replace(slot, problemBox(err, extra));
  else replace(slot);
}

/** @param {string} text @param {string} [kind] one of ok, fail, warn, info, muted */
export function badge(text, kind = "muted") {
  return h("span", { class: `badge badge-${kind}`, text });
}

/** @param {string} method */
export function methodBadge(method) {
  return h("span", { class: `method method-${method.toLowerCase()}`, text: method });
}

/** @param {number | undefined} status */
export function statusBadge(status) {
  if (status === undefined || status === null) return badge("—");
  const kind = status >= 500 ? "fail" : status >= 400 ? "warn" : status >= 300 ? "info" : "ok";
  return badge(String(status), kind);
}

/** @param {string} iso */
export function timeEl(iso, withDate = false) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return h("span", { text: iso || "—" });
  const text = withDate ? d.toLocaleString() : d.toLocaleTimeString();
  return h("time", { datetime: iso, title: d.toLocaleString(), text });
}

/** @param {string} text */
export function loading(text = "Loading…") {
  return h("p", { class: "muted loading", role: "status", text });
}

/**
 * @param {string} title
 * @param {unknown} [body]
 */
export function emptyState(title, body) {
  return h("div", { class: "empty" }, h("p", { class: "empty-title", text: title }), body);
}

/**
 * Page heading; the router focuses it after navigation so screen readers hear the page.
 * @param {string} title
 * @param {...unknown} actions
 */
export function pageHeader(title, ...actions) {
  return h(
    "header",
    { class: "page-header" },
    h("h1", { tabindex: "-1", text: title }),
    h("div", { class: "actions" }, actions),
  );
}

/** Pretty-print JSON text; raw text when it is not JSON. @param {unknown} body */
export function prettyBody(body) {
  if (body === null || body === undefined || body === "") return { text: "", json: false };
  if (typeof body !== "string") return { text: JSON.stringify(body, null, 2), json: true };
  try {
    return { text: JSON.stringify(JSON.parse(body), null, 2), json: true };
  } catch {
    return { text: body, json: false };
  }
}
