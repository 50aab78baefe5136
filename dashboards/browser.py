"""The session's link to the browser window: URL and history, `<html lang>`, title, landmarks.

What the server wants the window to show travels as data attributes of a hidden HTML pane (`state_html`), drawn
like any other pane; the script of `BrowserWindow` follows it: it pushes one history entry per change of the
query, sets `<html lang>` and the title, and gives the header, navigation and page content their landmark roles
(Panel renders every pane inside shadow roots). Pages, languages and prefectures are plain links to their URL, so
Enter, a middle click and Back / Forward work as on any site; Back / Forward to an entry pushed for a selector
loads that URL again (a new session opens exactly that state)."""

from __future__ import annotations

import html

import param
from panel.custom import JSComponent

_ESM = """
function everywhere(root, selector, found = []) {
  root.querySelectorAll(selector).forEach((node) => found.push(node));
  root.querySelectorAll("*").forEach((node) => node.shadowRoot && everywhere(node.shadowRoot, selector, found));
  return found;
}

let tables = 0;
// Tabulator puts role=grid on a box that also holds its scroll area and pager buttons, which a grid may not
// contain: the grid role moves to the scroll area, which owns the header row group (same shadow root).
function repairTables() {
  for (const box of everywhere(document, ".tabulator[role=grid]")) {
    const header = box.querySelector(":scope > .tabulator-header");
    const holder = box.querySelector(":scope > .tabulator-tableholder");
    if (!header || !holder) { continue; }
    header.id = header.id || `table-header-${++tables}`;
    box.removeAttribute("role");
    box.removeAttribute("aria-owns");
    holder.setAttribute("role", "grid");
    holder.setAttribute("aria-owns", header.id);
  }
}

let shown = null;
// while the server builds what was chosen: a message (read out by screen readers), gone when the page is there
function waiting(text) {
  let box = document.getElementById("kyoso-waiting");
  if (!text) { if (box) { box.remove(); } return; }
  if (!box) {
    box = document.createElement("p");
    box.id = "kyoso-waiting";
    box.setAttribute("role", "status");
    box.style.cssText = "position:fixed;top:8px;left:50%;transform:translateX(-50%);z-index:1000;margin:0;" +
      "padding:8px 16px;background:#1a1a1a;color:#fff;border-radius:4px;font-size:15px";
    document.body.appendChild(box);
  }
  box.textContent = text;
}
function follow(model) {
  const wanted = everywhere(document, ".window-state")[0];
  if (!wanted) { return; }
  const data = wanted.dataset;
  const key = JSON.stringify(data);
  if (key === shown) { return; }
  shown = key;
  waiting(null);
  document.documentElement.lang = data.lang;
  document.title = data.title;
  const loading = document.getElementById("kyoso-loading");
  if (loading) { loading.remove(); }
  const marks = [[".page-content", "main", data.mainLabel], [".top-bar", "navigation", data.navLabel]];
  for (const [selector, role, label] of marks) {
    const host = everywhere(document, selector)[0];
    if (host) { host.setAttribute("role", role); host.setAttribute("aria-label", label); }
  }
  if (data.search && window.location.search !== data.search) {
    window.history.pushState({}, "", window.location.pathname + data.search);
  }
}

export function render({ model, el }) {
  window.addEventListener("popstate", () => { waiting(model.loading); window.location.reload(); });
  window.addEventListener("click", (event) => {
    const link = event.composedPath().find((node) => node.tagName === "A" && node.dataset && node.dataset.link);
    if (link && !link.hasAttribute("aria-current")) { waiting(model.loading); }
  }, true);
  setInterval(() => { follow(model); repairTables(); }, 250);
  el.style.display = "none";
  return document.createElement("span");
}
"""


class BrowserWindow(JSComponent):
    loading = param.String(default="読み込んでいます…", doc="said while the next page loads")

    _esm = _ESM

    def __init__(self, **params):
        super().__init__(height=0, margin=0, **params)


def state_html(search: str, lang: str, title: str, main_label: str, nav_label: str, loading: str) -> str:
    """The hidden element `BrowserWindow` follows."""
    values = {"search": search, "lang": lang, "title": title, "main-label": main_label, "nav-label": nav_label,
              "loading": loading}
    attributes = " ".join(f"data-{name}='{html.escape(value, quote=True)}'" for name, value in values.items())
    return f"<span class='window-state' hidden {attributes}></span>"


CURRENT = " aria-current='page'"
PRESSED = " aria-current='true'"


def nav_html(pages: list[dict], current: str, languages: list[dict], lang: str, language_label: str) -> str:
    """Page links and language links (`pages`, `languages`: dicts of name/code, label, href)."""
    def link(item: dict) -> str:
        here = item["name"] == current
        return (f"<li><a class='page-link{' current' if here else ''}' href='{html.escape(item['href'])}' "
                f"data-link='page'{CURRENT if here else ''}>{html.escape(item['label'])}</a></li>")

    def language(item: dict) -> str:
        here = item["code"] == lang
        return (f"<a class='lang-button' lang='{item['code']}' hreflang='{item['code']}' data-link='lang' "
                f"href='{html.escape(item['href'])}'{PRESSED if here else ''}>{item['label']}</a>")

    return (f"<div class='nav'><ul class='page-links'>{''.join(link(item) for item in pages)}</ul>"
            f"<div class='languages' role='group' aria-label='{html.escape(language_label)}'>"
            f"{''.join(language(item) for item in languages)}</div></div>")
