/**
 * @module router
 * Hash routing (`#/endpoints/NAME/rules/new`), so the static page needs no
 * server-side fallback. Each view gets a fresh container and an AbortSignal that
 * fires when the user leaves, which cancels its requests, sockets and timers.
 */

/**
 * @typedef {(root: HTMLElement, params: Record<string, string>,
 *   ctx: { signal: AbortSignal }) => void} View
 */

/** @param {string} hash */
export function navigate(hash) {
  if (location.hash === hash) window.dispatchEvent(new window.HashChangeEvent("hashchange"));
  else location.hash = hash;
}

/** Current path without the leading "#", e.g. "/endpoints/demo". */
export function currentPath() {
  return location.hash.replace(/^#/, "") || "/";
}

/**
 * @param {string} pattern e.g. "/endpoints/:name/rules/:id"
 * @param {string} path
 * @returns {Record<string, string> | null}
 */
export function matchRoute(pattern, path) {
  const want = pattern.split("/").filter(Boolean);
  const got = path.split("?")[0]?.split("/").filter(Boolean) ?? [];
  if (want.length !== got.length) return null;
  /** @type {Record<string, string>} */
  const params = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? "";
    const g = got[i] ?? "";
    if (w.startsWith(":")) {
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return null;
      }
    } else if (w !== g) return null;
  }
  return params;
}

/**
 * @param {(path: string) => { root: HTMLElement, view: View, params: Record<string, string> }
 *   | null} resolve lets the app pick the root (signed-in shell or sign-in page)
 */
export function startRouter(resolve) {
  /** @type {AbortController | null} */
  let current = null;
  let first = true;
  const render = () => {
    current?.abort();
    current = new AbortController();
    const target = resolve(currentPath());
    if (!target) return;
    target.view(target.root, target.params, { signal: current.signal });
    // Move focus to the new page's heading so keyboard and screen reader users
    // start at the top of what changed (not on the first load: leave it on the page).
    if (!first) {
      const heading = target.root.querySelector("h1");
      if (heading) /** @type {HTMLElement} */ (heading).focus({ preventScroll: false });
    }
    first = false;
  };
  window.addEventListener("hashchange", render);
  render();
  return { render };
}
