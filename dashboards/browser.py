"""The session's link to the browser window: URL and history, `<html lang>`, title, landmarks.

What the server wants the window to show travels as data attributes of a hidden HTML pane (`state_html`), drawn
like any other pane; the script of `BrowserWindow` follows it: it sets `<html lang>` and the title, gives the
header, navigation and page content their landmark roles (Panel renders every pane inside shadow roots), and
keeps the history: one entry per state shown (the first replaces the entry of the link that opened the session,
so the address bar shows the values used). It is the only writer of the history.

The app's links (pages, languages, prefecture tiles, profile links in texts and tables; a shape picked on a map
clicks one too) are plain links to their URL, so a middle click, Ctrl+click and "copy link" work as on any site.
A plain click (or Enter) on one, and Back / Forward, are followed inside the session: the script sends the
URL's query to the server, which shows it as a new session on that URL would. The session's pages stay built,
so coming back to one is a visibility change, not a new session (which would build the shell and the page again
and send the whole document). The server answers the message at once; without an answer within `ANSWER_MS`
(server restarted, connection lost) the browser loads the URL itself"""

from __future__ import annotations

import html
from collections.abc import Callable

import panel as pn
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
  followHistory(data.search);
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
}

// Links, Back and Forward are followed inside the session: the query goes to the server, which answers at once
// ("received") and again when the page is shown; without an answer in time, the browser loads the URL itself.
const ANSWER_MS = 10000;
let asked = 0;
let answered = 0;
let done = 0;
let first = true;
function followInSession(model, search, otherwise) {
  const number = ++asked;
  waiting(model.waiting_text);
  model.send_msg({search, number});
  setTimeout(() => { if (answered < number) { otherwise(); } }, ANSWER_MS);
}
function pageShown(number) {
  done = Math.max(done, number);
  if (number !== asked) { return; }
  waiting(null);
  window.scrollTo(0, 0);
  const main = everywhere(document, ".page-content")[0];
  if (main) { main.setAttribute("tabindex", "-1"); main.focus({preventScroll: true}); }
}
// one history entry per state shown; the first replaces the entry of the link that opened the session (the
// address bar shows the values used). Not while a link or Back / Forward is under way: its end decides.
function followHistory(search) {
  if (!search || done !== asked) { return; }
  if (window.location.search !== search) {
    const url = window.location.pathname + search;
    if (first) { window.history.replaceState({}, "", url); } else { window.history.pushState({}, "", url); }
  }
  first = false;
}

// the app's own links: navigation, languages, prefecture tiles, and profile links in texts and table cells
function isAppLink(node) {
  const href = node.getAttribute("href") || "";
  return (node.dataset.link || href.startsWith("?")) && (!node.target || node.target === "_self");
}

export function render({ model, el }) {
  window.addEventListener("popstate", () => {
    followInSession(model, window.location.search, () => window.location.reload());
  });
  window.addEventListener("click", (event) => {
    const link = event.composedPath().find((node) => node.tagName === "A" && isAppLink(node));
    const plain = event.button === 0 && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey);
    if (!link || !plain || event.defaultPrevented) { return; }  // a new tab or window: the browser's own way
    event.preventDefault();
    if (!link.hasAttribute("aria-current")) {
      followInSession(model, link.getAttribute("href"), () => window.location.assign(link.href));
    }
  }, true);
  model.on("msg:custom", (message) => {
    answered = Math.max(answered, message.received || message.shown || 0);
    if (message.shown) { pageShown(message.shown); }
  });
  setInterval(() => { follow(model); repairTables(); }, 250);
  el.style.display = "none";
  return document.createElement("span");
}
"""


class BrowserWindow(JSComponent):
    """`navigate(search)` shows a link's query in this session (see the module's docstring)."""

    # not `loading`: that is Panel's own parameter (a spinner), which the script would have read instead
    waiting_text = param.String(default="読み込んでいます…", doc="said while the next page loads")

    _esm = _ESM

    def __init__(self, navigate: Callable[[str], None], **params):
        super().__init__(height=0, margin=0, css_classes=["browser-window"], **params)
        self._navigate = navigate

    def _handle_msg(self, data) -> None:
        if not (isinstance(data, dict) and isinstance(data.get("search"), str) and isinstance(data.get("number"), int)):
            return
        self._send_msg({"received": data["number"]})  # goes out now; the page is built on the next tick
        pn.state.execute(lambda: self._show_link(data["search"], data["number"]), schedule=True)

    def _show_link(self, search: str, number: int) -> None:
        try:
            self._navigate(search)
        finally:  # a page that failed to build shows its error message: the browser must stop waiting
            self._send_msg({"shown": number})


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
