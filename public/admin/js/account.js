/**
 * @module account
 * `#/account`: the account and its API keys (create, revoke).
 */
import { api, listOf, seg } from "./api.js";
import { h, replace } from "./dom.js";
import { confirmDialog, copyable, loading, pageHeader, problemBox, timeEl, toast } from "./ui.js";

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} _params
 * @param {{ signal: AbortSignal }} ctx
 */
export function accountView(root, _params, ctx) {
  const { signal } = ctx;
  const info = h("div", { class: "card" }, loading());
  const fresh = h("div", { "aria-live": "polite" });
  const keys = h("div", null, loading());
  const create = h("button", {
    type: "button",
    class: "btn btn-primary",
    testid: "key-create",
    text: "+ New API key",
  });
  root.append(
    h(
      "div",
      { class: "stack", testid: "account-screen" },
      pageHeader("Account"),
      info,
      h(
        "section",
        { class: "card stack" },
        h(
          "div",
          { class: "card-head" },
          h("h2", { text: "API keys" }),
          h("div", { class: "actions" }, create),
        ),
        h("p", {
          class: "hint",
          text:
            "Rotate by creating a new key, switching your tools to it, then revoking the " +
            "old one.",
        }),
        fresh,
        keys,
      ),
    ),
  );

  void api("GET", "/account", { signal })
    .then((a) =>
      replace(
        info,
        h("h2", { text: a.name }),
        h(
          "dl",
          { class: "facts" },
          h("dt", { text: "Account id" }),
          h("dd", null, h("code", { text: a.id })),
          h("dt", { text: "Created" }),
          h("dd", null, timeEl(a.createdAt, true)),
        ),
      ),
    )
    .catch((err) => replace(info, problemBox(err)));

  const load = async () => {
    try {
      const list = listOf(await api("GET", "/account/keys", { signal }), "keys");
      replace(
        keys,
        h(
          "table",
          { class: "table", testid: "key-list" },
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              ["Key", "Created", "Last used", ""].map((t) => h("th", { scope: "col", text: t })),
            ),
          ),
          h(
            "tbody",
            null,
            list.map((k) => keyRow(k, list.length)),
          ),
        ),
      );
    } catch (err) {
      replace(keys, problemBox(err));
    }
  };

  /** @param {any} k @param {number} count */
  const keyRow = (k, count) =>
    h(
      "tr",
      null,
      h("td", null, h("code", { text: `${k.prefix}…` })),
      h("td", null, timeEl(k.createdAt, true)),
      h("td", null, k.lastUsedAt ? timeEl(k.lastUsedAt, true) : "never"),
      h(
        "td",
        { class: "num" },
        h("button", {
          type: "button",
          class: "btn btn-small btn-danger-ghost",
          "aria-label": `Revoke key ${k.prefix}`,
          title: count === 1 ? "The last key cannot be revoked" : undefined,
          disabled: count === 1,
          text: "Revoke",
          onclick: () => void revoke(k),
        }),
      ),
    );

  /** @param {any} k */
  const revoke = async (k) => {
    const ok = await confirmDialog({
      title: `Revoke key ${k.prefix}…?`,
      body: h("p", {
        text: "Tools using it get 401 at once. If this browser uses it, you are signed out.",
      }),
      confirmLabel: "Revoke key",
    });
    if (!ok) return;
    try {
      await api("DELETE", `/account/keys/${seg(k.id)}`, { signal });
      toast("Key revoked");
      await load();
    } catch (err) {
      replace(fresh, problemBox(err));
    }
  };

  create.addEventListener("click", async () => {
    try {
      const k = await api("POST", "/account/keys", { signal });
      replace(
        fresh,
        h(
          "div",
          { class: "notice stack" },
          h("strong", { text: "Store this new key now: it is shown only once." }),
          copyable(k.apiKey, "new API key", "copy-new-key"),
        ),
      );
      await load();
    } catch (err) {
      replace(fresh, problemBox(err));
    }
  });

  void load();
}
