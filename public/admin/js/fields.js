/**
 * @module fields
 * Labelled form controls, and placing 422 `errors[].path` messages next to the
 * control whose `data-path` names that path (e.g. `match.path.value`).
 */
import { h, replace, uid } from "./dom.js";
import { problemBox } from "./ui.js";

/**
 * A label, a control, an optional hint and a slot for its validation message.
 * @param {string} label
 * @param {HTMLElement} control
 * @param {{ path?: string, hint?: unknown, class?: string, testid?: string }} [opts]
 */
export function field(label, control, opts = {}) {
  if (!control.id) control.id = uid("f");
  const hintId = `${control.id}-hint`;
  if (opts.hint) control.setAttribute("aria-describedby", hintId);
  return h(
    "div",
    { class: `field ${opts.class ?? ""}`, dataset: opts.path ? { path: opts.path } : undefined },
    h("label", { for: control.id, text: label }),
    control,
    opts.hint ? h("p", { class: "hint", id: hintId }, opts.hint) : null,
    errorSlot(),
  );
}

export function errorSlot() {
  return h("p", { class: "field-error", hidden: true });
}

/**
 * A bare control with an error slot, for table-like rows labelled by aria-label.
 * @param {HTMLElement} control
 * @param {string} path
 */
export function cell(control, path, cls = "") {
  return h("div", { class: `cell ${cls}`, dataset: { path } }, control, errorSlot());
}

/**
 * A fieldset whose legend labels the group.
 * @param {string} legend
 * @param {string | null} path
 * @param {...unknown} children
 */
export function group(legend, path, ...children) {
  return h(
    "fieldset",
    { class: "group", dataset: path ? { path } : undefined },
    h("legend", { text: legend }),
    errorSlot(),
    children,
  );
}

/**
 * @param {Array<string | [string, string]>} options values, or [value, label] pairs
 * @param {Record<string, unknown>} [props]
 */
export function select(options, props = {}) {
  return h(
    "select",
    props,
    options.map((o) => {
      const [value, label] = Array.isArray(o) ? o : [o, o];
      return h("option", { value, text: label });
    }),
  );
}

/** @param {Record<string, unknown>} [props] @returns {HTMLInputElement} */
export function input(props = {}) {
  const el = h("input", { type: "text", autocomplete: "off", ...props });
  el.spellcheck = false;
  return el;
}

/** @param {Record<string, unknown>} [props] @returns {HTMLTextAreaElement} */
export function textarea(props = {}) {
  const el = h("textarea", { rows: 6, class: "mono", ...props });
  el.spellcheck = false;
  return el;
}

/**
 * A checkbox with its label on the right.
 * @param {string} label
 * @param {boolean} checked
 * @param {Record<string, unknown>} [props]
 */
export function checkbox(label, checked, props = {}) {
  const box = /** @type {HTMLInputElement} */ (h("input", { type: "checkbox", checked, ...props }));
  box.id = box.id || uid("c");
  return { box, el: h("label", { class: "check", for: box.id }, box, h("span", { text: label })) };
}

/** @param {HTMLInputElement} el @returns {number | undefined} */
export function numberValue(el) {
  if (el.value.trim() === "") return undefined;
  const n = Number(el.value);
  return Number.isFinite(n) ? n : undefined;
}

/** "a[0].b" and "/a/0/b" become "a.0.b". @param {unknown} path */
export function normalizePath(path) {
  if (Array.isArray(path)) return path.join(".");
  return String(path ?? "")
    .replace(/\[(\w+)\]/g, ".$1")
    .replace(/^[/.]+/, "")
    .replace(/\//g, ".");
}

/**
 * Clear old messages, then put each `errors[]` entry next to the closest field
 * (the longest `data-path` prefix). What has no field goes to the top with `detail`.
 * @param {HTMLElement} form
 * @param {HTMLElement} topSlot
 * @param {unknown} err an ApiError or any error; null clears
 */
export function showFormErrors(form, topSlot, err) {
  for (const slot of form.querySelectorAll(".field-error")) {
    slot.textContent = "";
    /** @type {HTMLElement} */ (slot).hidden = true;
  }
  for (const bad of form.querySelectorAll("[aria-invalid]")) bad.removeAttribute("aria-invalid");
  if (!err) return replace(topSlot);

  /** @type {Map<string, HTMLElement>} */
  const byPath = new Map();
  for (const el of form.querySelectorAll("[data-path]")) {
    const node = /** @type {HTMLElement} */ (el);
    if (node.dataset.path && !node.closest("[hidden]")) byPath.set(node.dataset.path, node);
  }
  const problem = /** @type {{ errors?: Array<{ path: unknown, message: string }> }} */ (
    err && typeof err === "object" && "problem" in err ? err.problem : {}
  );
  /** @type {string[]} */
  const unplaced = [];
  /** @type {HTMLElement | null} */
  let first = null;
  for (const e of problem.errors ?? []) {
    const path = normalizePath(e.path);
    const target = closest(byPath, path);
    const slot = target ? ownSlot(target) : undefined;
    if (!target || !slot) {
      unplaced.push(path ? `${path}: ${e.message}` : e.message);
      continue;
    }
    slot.textContent = slot.textContent ? `${slot.textContent} ${e.message}` : e.message;
    /** @type {HTMLElement} */ (slot).hidden = false;
    const control = target.querySelector("input, select, textarea");
    if (control) {
      control.setAttribute("aria-invalid", "true");
      slot.id = slot.id || uid("err");
      const described = control.getAttribute("aria-describedby") ?? "";
      if (!described.split(" ").includes(slot.id)) {
        control.setAttribute("aria-describedby", `${described} ${slot.id}`.trim());
      }
    }
    first = first ?? /** @type {HTMLElement | null} */ (control);
  }
  replace(topSlot, problemBox(err, unplaced));
  topSlot.scrollIntoView({ block: "nearest" });
  if (first) first.focus({ preventScroll: true });
}

/** @param {Element} el */
function ownSlot(el) {
  return [...el.children].find((c) => c.classList.contains("field-error"));
}

/**
 * The element for the longest prefix of `path` that can show a message.
 * @param {Map<string, HTMLElement>} byPath
 * @param {string} path
 */
function closest(byPath, path) {
  const parts = path.split(".");
  while (parts.length) {
    const hit = byPath.get(parts.join("."));
    if (hit && ownSlot(hit)) return hit;
    parts.pop();
  }
  return null;
}
