/**
 * @module rule-match
 * The "Match" part of the rule editor: method, path, header/query/body conditions.
 */
import { h } from "./dom.js";
import { cell, field, group, input, select } from "./fields.js";
import { conditionRows, rowList } from "./rows.js";

export const METHODS = ["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/** @type {Array<[string, string]>} */
const PATH_OPS = [
  ["exact", "is exactly"],
  ["prefix", "starts with"],
  ["contains", "contains"],
  ["regex", "matches regex"],
  ["template", "matches template"],
];

const PATH_HINTS = {
  exact: "The whole path, e.g. /orders",
  prefix: "e.g. /api/ matches /api/anything",
  contains: "Any part of the path, e.g. orders",
  regex: "e.g. ^/orders/(?<id>\\d+)$ (named groups become {{pathParam 'id'}})",
  template: "e.g. /orders/:id (segments become {{pathParam 'id'}})",
};

const RAW_OPS = ["contains", "regex"];
const FIELD_OPS = ["equals", "notEquals", "contains", "notContains", "isNull", "isNotNull"];

/**
 * @typedef {{ op: string, value?: string, path?: string }} BodyCondition
 * @param {any} match rule.match (may be undefined for a new rule)
 */
export function matchEditor(match) {
  const m = match ?? {};
  const method = select(METHODS, { value: m.method ?? "ANY", testid: "match-method" });
  const pathOp = select(PATH_OPS, { value: m.path?.op ?? "prefix", testid: "match-path-op" });
  const pathValue = input({
    value: m.path?.value ?? "/",
    class: "mono",
    placeholder: "/orders/:id",
    testid: "match-path-value",
  });
  const pathHint = h("span");
  const syncHint = () => {
    pathHint.textContent = PATH_HINTS[/** @type {keyof PATH_HINTS} */ (pathOp.value)] ?? "";
  };
  pathOp.addEventListener("change", syncHint);
  syncHint();

  const headers = conditionRows({
    path: "match.headers",
    noun: "Header condition",
    items: m.headers,
    testid: "match-headers",
  });
  const query = conditionRows({
    path: "match.query",
    noun: "Query condition",
    items: m.query,
    testid: "match-query",
  });
  const body = bodyRows(m.body ?? []);

  const el = h(
    "div",
    { class: "stack" },
    h(
      "div",
      { class: "grid-3" },
      field("Method", method, { path: "match.method" }),
      field("Path operator", pathOp, { path: "match.path.op" }),
      field("Path", pathValue, { path: "match.path.value", hint: pathHint }),
    ),
    group("Header conditions", "match.headers", headers.el),
    group("Query conditions", "match.query", query.el),
    group(
      "Body conditions",
      "match.body",
      h("p", {
        class: "hint",
        text:
          "Raw: test the whole body text. Field: test a JSON or form field by dot path " +
          "(a.b.0.c).",
      }),
      body.el,
    ),
  );

  return {
    el,
    value: () => {
      /** @type {Record<string, unknown>} */
      const out = { method: method.value, path: { op: pathOp.value, value: pathValue.value } };
      const hs = headers.value();
      const qs = query.value();
      const bs = body.value();
      if (hs.length) out.headers = hs;
      if (qs.length) out.query = qs;
      if (bs.length) out.body = bs;
      return out;
    },
  };
}

/** @param {BodyCondition[]} items */
function bodyRows(items) {
  const list = rowList({
    path: "match.body",
    noun: "Body condition",
    testid: "match-body",
    items: items.map((c) => ({ ...c, kind: c.path === undefined ? "raw" : "field" })),
    newItem: () => ({ kind: "raw", op: "contains", value: "" }),
    renderRow: (item, i, path) => {
      const label = `Body condition ${i + 1}`;
      const kind = select(
        [
          ["raw", "Raw body"],
          ["field", "Field"],
        ],
        { value: item.kind, "aria-label": `${label} target` },
      );
      const fieldPath = input({
        value: item.path ?? "",
        class: "mono",
        placeholder: "a.b.0",
        "aria-label": `${label} field path`,
      });
      const op = select([], { "aria-label": `${label} operator` });
      const value = input({
        value: item.value ?? "",
        class: "mono",
        "aria-label": `${label} value`,
      });
      const pathCell = cell(fieldPath, `${path}.path`, "grow-1");
      const valueCell = cell(value, `${path}.value`, "grow-2");

      const syncOps = () => {
        const ops = kind.value === "raw" ? RAW_OPS : FIELD_OPS;
        const keep = ops.includes(op.value) ? op.value : ops.includes(item.op) ? item.op : ops[0];
        op.replaceChildren(...ops.map((o) => h("option", { value: o, text: o })));
        op.value = keep ?? "";
        pathCell.hidden = kind.value === "raw";
        syncValue();
      };
      const syncValue = () =>
        (valueCell.hidden = op.value === "isNull" || op.value === "isNotNull");
      kind.addEventListener("change", syncOps);
      op.addEventListener("change", syncValue);
      syncOps();

      return {
        cells: [cell(kind, `${path}.kind`), pathCell, cell(op, `${path}.op`), valueCell],
        value: () => {
          /** @type {BodyCondition & { kind: string }} */
          const out = { kind: kind.value, op: op.value };
          if (kind.value === "field") out.path = fieldPath.value.trim();
          if (!valueCell.hidden) out.value = value.value;
          return out;
        },
      };
    },
  });
  return {
    el: list.el,
    // `kind` only drives the form; the API tells raw from field by the presence of `path`.
    value: () =>
      list.values().map((c) => {
        /** @type {Record<string, unknown>} */
        const out = { ...c };
        delete out.kind;
        return out;
      }),
  };
}
