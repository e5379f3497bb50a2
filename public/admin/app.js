/**
 * @module app
 * Entry point of the edgemock admin page: the shell, the routes and sign-out.
 */
import { accountView } from "./js/account.js";
import { api, clearKey, getKey, setUnauthorizedHandler } from "./js/api.js";
import { connectionFormView } from "./js/connection-form.js";
import { connectionsView } from "./js/connections.js";
import { h, replace } from "./js/dom.js";
import { endpointView } from "./js/endpoint-page.js";
import { endpointsView } from "./js/endpoints.js";
import { ruleEditorView } from "./js/rule-editor.js";
import { matchRoute, navigate, startRouter } from "./js/router.js";
import { setSignInMessage, signInView } from "./js/signin.js";
import { emptyState, pageHeader } from "./js/ui.js";

/** @typedef {import("./js/router.js").View} View */

/** @type {Array<[string, View]>} first match wins */
const ROUTES = [
  ["/endpoints", endpointsView],
  ["/endpoints/:name/rules/new", ruleEditorView],
  ["/endpoints/:name/rules/:id", ruleEditorView],
  ["/endpoints/:name", endpointView],
  ["/endpoints/:name/:tab", endpointView],
  ["/connections", connectionsView],
  ["/connections/new", connectionFormView],
  ["/connections/:id", connectionFormView],
  ["/account", accountView],
];

const NAV = [
  ["endpoints", "Endpoints"],
  ["connections", "API connections"],
  ["account", "Account"],
];

const app = /** @type {HTMLElement} */ (document.getElementById("app"));
/** @type {{ main: HTMLElement, nav: HTMLElement, who: HTMLElement } | null} */
let shell = null;
/** Where to go after signing in, when the user arrived on a deep link. */
let afterSignIn = "#/endpoints";

function buildShell() {
  const nav = h(
    "nav",
    { class: "nav", "aria-label": "Main" },
    NAV.map(([id, label]) =>
      h("a", { href: `#/${id}`, dataset: { section: id }, testid: `nav-${id}`, text: label }),
    ),
  );
  const who = h("span", { class: "who", testid: "account-name" });
  const signOut = h("button", {
    type: "button",
    class: "btn btn-small",
    testid: "sign-out",
    text: "Sign out",
    onclick: () => {
      clearKey();
      shell = null;
      setSignInMessage("You are signed out. The API key was removed from this browser.");
      navigate("#/signin");
    },
  });
  const main = h("main", { id: "main", class: "main", tabindex: "-1" });
  replace(
    app,
    h("a", { class: "skip", href: "#main", text: "Skip to content", onclick: skipToMain }),
    h(
      "div",
      { class: "shell" },
      h(
        "aside",
        { class: "sidebar" },
        h(
          "a",
          { class: "brand", href: "#/endpoints" },
          h("span", { class: "logo", text: "◆" }),
          "edgemock",
        ),
        nav,
        h("div", { class: "sidebar-foot" }, who, signOut),
      ),
      main,
    ),
  );
  void api("GET", "/account")
    .then((a) => (who.textContent = a?.name ?? ""))
    .catch(() => {});
  return { main, nav, who };
}

/** The skip link targets #main, which would be read as a route; focus it instead. */
function skipToMain(/** @type {Event} */ event) {
  event.preventDefault();
  document.getElementById("main")?.focus();
}

/** @type {View} */
function notFound(root) {
  root.append(
    pageHeader("Page not found"),
    emptyState(
      "Nothing lives at this address.",
      h("a", { href: "#/endpoints", text: "Go to endpoints" }),
    ),
  );
}

/** @param {string} path */
function resolve(path) {
  if (!getKey()) {
    shell = null;
    if (path !== "/signin") afterSignIn = `#${path}`;
    const root = h("div", { class: "signin-root" });
    replace(app, root);
    return {
      root,
      params: {},
      view: () =>
        signInView(root, () => {
          const target =
            afterSignIn === "#/signin" || afterSignIn === "#/" ? "#/endpoints" : afterSignIn;
          afterSignIn = "#/endpoints";
          navigate(target);
        }),
    };
  }
  if (path === "/" || path === "/signin" || path === "") {
    location.replace("#/endpoints");
    return null;
  }
  shell = shell ?? buildShell();
  const section = path.split("/")[1] ?? "";
  for (const link of shell.nav.querySelectorAll("a")) {
    if (link.dataset.section === section) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const root = h("div", { class: "page" });
  replace(shell.main, root);
  for (const [pattern, view] of ROUTES) {
    const params = matchRoute(pattern, path);
    if (params) return { root, params, view };
  }
  return { root, params: {}, view: notFound };
}

setUnauthorizedHandler(() => {
  // Several requests in flight can all answer 401; only the first one redirects.
  if (!getKey()) return;
  clearKey();
  shell = null;
  setSignInMessage("Your API key was not accepted (it may have been revoked). Sign in again.");
  afterSignIn = location.hash || "#/endpoints";
  navigate("#/signin");
});

startRouter(resolve);
