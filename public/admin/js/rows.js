/**
 * @module rows
 * Repeating rows (headers, conditions, parameters) with add and remove buttons.
 * Rows are rebuilt from their current values after each change, so every input
 * keeps an up-to-date `data-path` (e.g. `match.headers.1.value`) for 422 messages.
 */
import { h, replace } from "./dom.js";
import { cell, input, select } from "./fields.js";

/**
 * @template T
 * @param {{
 *   path: string,
 *   noun: string,
 *   items: T[],
 *   newItem: () => T,
 *   renderRow: (item: T, index: number, path: string) => { cells: HTMLElement[], value: () => T },
 *   testid?: string,
 * }} spec
 * @returns {{ el: HTMLElement, values: () => T[] }}
 */
export function rowList(spec) {
  /** @type {Array<() => T>} */
  let readers = [];
  const body = h("div", { class: "rows" });
  const addBtn = h("button", {
    type: "button",
    class: "btn btn-small",
    testid: spec.testid ? `${spec.testid}-add` : undefined,
    text: `+ Add ${spec.noun}`,
  });

  /** @param {T[]} items @param {number} [focusRow] */
  function render(items, focusRow) {
    readers = [];
    const rows = items.map((item, i) => {
      const { cells, value } = spec.renderRow(item, i, `${spec.path}.${i}`);
      readers.push(value);
      const remove = h("button", {
        type: "button",
        class: "btn btn-small btn-ghost",
        "aria-label": `Remove ${spec.noun} ${i + 1}`,
        title: `Remove ${spec.noun}`,
        text: "✕",
        onclick: () => {
          const next = readers.map((r) => r());
          next.splice(i, 1);
          render(next, Math.min(i, next.length - 1));
        },
      });
      return h("div", { class: "row", dataset: { path: `${spec.path}.${i}` } }, cells, remove);
    });
    replace(body, rows);
    if (focusRow === undefined) return;
    const target = rows[focusRow]?.querySelector("input, select, textarea") ?? addBtn;
    /** @type {HTMLElement} */ (target).focus();
  }

  addBtn.addEventListener("click", () => {
    const next = readers.map((r) => r());
    next.push(spec.newItem());
    render(next, next.length - 1);
  });
  render(spec.items);
  return {
    el: h("div", { class: "row-list", testid: spec.testid }, body, addBtn),
    values: () => readers.map((r) => r()),
  };
}

/**
 * Name/value rows edited as an object map (response headers, additional parameters).
 * @param {{ path: string, noun: string, map?: Record<string, string> | null,
 *   keyLabel?: string, valueLabel?: string, testid?: string }} spec
 */
export function kvRows(spec) {
  const keyLabel = spec.keyLabel ?? "Name";
  const valueLabel = spec.valueLabel ?? "Value";
  const items = Object.entries(spec.map ?? {}).map(([name, value]) => ({
    name,
    value: String(value),
  }));
  const list = rowList({
    path: spec.path,
    noun: spec.noun,
    items,
    testid: spec.testid,
    newItem: () => ({ name: "", value: "" }),
    renderRow: (item, i, path) => {
      // The rows have no column headings, so the placeholders say which box is which.
      const name = input({
        value: item.name,
        placeholder: keyLabel,
        "aria-label": `${spec.noun} ${i + 1} ${keyLabel}`,
      });
      const value = input({
        value: item.value,
        class: "mono",
        placeholder: valueLabel,
        "aria-label": `${spec.noun} ${i + 1} ${valueLabel}`,
      });
      return {
        cells: [cell(name, `${path}.name`, "grow-1"), cell(value, `${path}.value`, "grow-2")],
        value: () => ({ name: name.value, value: value.value }),
      };
    },
  });
  return {
    el: list.el,
    /** @returns {Record<string, string>} rows with an empty name are dropped */
    value: () => {
      /** @type {Record<string, string>} */
      const out = {};
      for (const { name, value } of list.values()) if (name.trim()) out[name.trim()] = value;
      return out;
    },
  };
}

const CONDITION_OPS = ["equals", "contains", "regex", "exists", "absent"];

/**
 * Header or query conditions: `[{ name, op, value? }]`.
 * @param {{ path: string, noun: string, items?: Array<{ name: string, op: string,
 *   value?: string }>, testid?: string }} spec
 */
export function conditionRows(spec) {
  const list = rowList({
    path: spec.path,
    noun: spec.noun,
    items: spec.items ?? [],
    testid: spec.testid,
    newItem: () => ({ name: "", op: "equals", value: "" }),
    renderRow: (item, i, path) => {
      const label = `${spec.noun} ${i + 1}`;
      const name = input({ value: item.name, "aria-label": `${label} name` });
      const op = select(CONDITION_OPS, { value: item.op, "aria-label": `${label} operator` });
      const value = input({
        value: item.value ?? "",
        class: "mono",
        "aria-label": `${label} value`,
      });
      const valueCell = cell(value, `${path}.value`, "grow-2");
      const sync = () => (valueCell.hidden = op.value === "exists" || op.value === "absent");
      op.addEventListener("change", sync);
      sync();
      return {
        cells: [cell(name, `${path}.name`, "grow-1"), cell(op, `${path}.op`), valueCell],
        value: () => {
          const out = { name: name.value.trim(), op: op.value };
          return valueCell.hidden ? out : { ...out, value: value.value };
        },
      };
    },
  });
  return { el: list.el, value: () => list.values().filter((c) => c.name) };
}
