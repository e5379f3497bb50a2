/**
 * @module dom
 * Small DOM builder. User data only ever reaches the page as text nodes or
 * attribute values, never as HTML, so nothing here needs escaping.
 */

/**
 * Create an element.
 * props: `class`, `text`, `dataset` (object), `on<Event>` handlers, `style` (string),
 * and any other key: a DOM property when the element has one (value, checked, disabled,
 * hidden, ...), an attribute otherwise (aria-*, role, for, ...). null/undefined/false skip.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown> | null} [props]
 * @param {...unknown} children strings, nodes, arrays of them; null/false are skipped
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  const { value, ...rest } = props ?? {};
  for (const [key, val] of Object.entries(rest)) {
    if (val === undefined || val === null || val === false) continue;
    if (key === "class") el.className = String(val);
    else if (key === "text") el.textContent = String(val);
    else if (key === "dataset") Object.assign(el.dataset, val);
    else if (key === "testid") el.dataset.testid = String(val);
    else if (key.startsWith("on") && typeof val === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), /** @type {EventListener} */ (val));
    } else if (key in el && !key.includes("-") && key !== "for" && key !== "list") {
      /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (el))[key] = val;
    } else el.setAttribute(key, val === true ? "" : String(val));
  }
  append(el, children);
  // A <select> only takes a value once its options exist, so value comes last.
  if (value !== undefined && value !== null) {
    /** @type {HTMLInputElement} */ (el).value = String(value);
  }
  return el;
}

/**
 * @param {Node} el
 * @param {unknown[]} children
 */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof window.Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** @param {Node} el */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/**
 * Replace all children of `el`.
 * @param {Node} el
 * @param {...unknown} children
 */
export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

let seq = 0;
/** @param {string} prefix */
export function uid(prefix) {
  seq += 1;
  return `${prefix}-${seq}`;
}

/**
 * Run `update` (which rebuilds items inside `container`) and give focus back to
 * the same kind of control in the same item (matched by `data-id`), so live
 * updates do not throw keyboard users back to the top of the page.
 * @param {HTMLElement} container
 * @param {() => void} update
 */
export function keepFocus(container, update) {
  const active = document.activeElement;
  const item = active && container.contains(active) ? active.closest("[data-id]") : null;
  const id = item instanceof HTMLElement ? item.dataset.id : undefined;
  const tag = active ? active.tagName.toLowerCase() : "";
  update();
  if (id === undefined || !tag) return;
  for (const el of container.querySelectorAll("[data-id]")) {
    if (el instanceof HTMLElement && el.dataset.id === id) {
      const target = el.querySelector(tag);
      if (target instanceof HTMLElement) target.focus();
      return;
    }
  }
}
