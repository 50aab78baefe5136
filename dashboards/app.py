"""The Panel application: one Shell per browser session; `serve()` is what `kyoso serve` calls."""

from __future__ import annotations

import hashlib
import logging
import os
import signal
from pathlib import Path

import jinja2
import panel as pn

from dashboards import auth, errors, serving
from dashboards.model_defaults import remember_property_defaults
from dashboards.pages import definitions, municipalities, municipality, overview, prefecture, submissions, upload
from dashboards.pages.upload_file import CHUNK_BYTES
from dashboards.shell import Shell
from dashboards.state import AppState
from dashboards.templates_cache import remember_templates
from dashboards.texts import t
from pipelines.core.lifetime import end_with_parent

STATIC_DIR = Path(__file__).with_name("static")
STATIC_ROUTE = "kyoso-static"
PAGE_TEMPLATE = jinja2.Template(Path(__file__).with_name("page.html").read_text(encoding="utf-8"))
PAGE_FACTORIES = {
    "overview": overview.OverviewPage,
    "prefecture": prefecture.PrefecturePage,
    "municipalities": municipalities.MunicipalitiesPage,
    "municipality": municipality.MunicipalityPage,
    "submissions": submissions.SubmissionsPage,
    "definitions": definitions.DefinitionsPage,
    "upload": upload.UploadPage,
}


def create_app() -> Shell:
    """A fresh page tree for one session, showing what the logged-in account (or a guest) may see, served in our
    page template (`<html lang>`, viewport, loading text)."""
    if pn.state.curdoc is not None:
        pn.state.curdoc.template = PAGE_TEMPLATE
        serving.check_in_this_process()
    return Shell(PAGE_FACTORIES, state=AppState(audience=auth.current_audience()))


def session_document() -> None:
    """Fill the session's Bokeh document: the app, or (when building it fails) the bilingual error message with
    an error id, the traceback going to the server log only.

    Returns None, which tells Panel the document is complete: anything else it would show as one more root of
    the page (a Document returned was shown as the text `<bokeh.document.document.Document object at 0x…>`
    under every page). No Panel `Location` either: the shell keeps the URL itself (`dashboards/browser.py`),
    and when the Location synced it emptied the session's stylesheet cache, so that the next update of every
    pane made on the first page sent new stylesheets, and Bokeh walked the session's whole model graph for
    them (~9 % of the prefecture profile's first opening)."""
    doc, title = pn.state.curdoc, t("app_title", "ja")
    try:
        pn.panel(create_app()).server_doc(doc, title=title, location=False)
    except Exception as error:  # noqa: BLE001 - whatever failed, the page must not show a traceback
        error_id = errors.log_exception(error, "session")
        doc.clear()
        errors.error_view(error_id).server_doc(doc, title=title)


def stylesheet_url() -> str:
    """The app's stylesheet by its URL, versioned by its content (the browser keeps it until it changes).

    Every Panel model carries the app's stylesheets, as the CSS rules must reach into each component's shadow
    root. Given as text (Panel's `raw_css`) its 7.6 KB went to the browser with each model: 300 of the 318 KB
    that opening the prefecture profile sent. By URL, a session's models share one stylesheet model."""
    content = (STATIC_DIR / "style.css").read_bytes()
    return f"/{STATIC_ROUTE}/style.css?v={hashlib.sha256(content).hexdigest()[:16]}"


def configure() -> None:
    serving.prompt_websockets()
    remember_property_defaults()
    remember_templates()
    pn.extension("tabulator", css_files=[stylesheet_url()], notifications=False,
                 sizing_mode="stretch_width")


def serve(port: int = 5006, address: str = "127.0.0.1", show: bool = False, allowed_origins: list[str] = (),
          num_procs: int = 1, behind_proxy: bool = False) -> None:
    """Start the Panel server (blocking) on address:port; the app is served at /.

    `allowed_origins` are the HOST[:PORT]s the browser sees (a reverse proxy's) for the websocket;
    `behind_proxy` takes the client address and scheme from the proxy's X-Forwarded-* headers."""
    configure()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # SIGTERM stops the server (and its workers) even if it was started with SIGTERM ignored, which is inherited
    # across exec: a background job of a script without job control ignores SIGINT, and Dagster, run in the
    # process that starts the server, gives SIGTERM the handler of SIGINT
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if num_procs > 1:  # Tornado forks the workers: they stop when this process stops, however it stops
        os.register_at_fork(after_in_child=lambda: end_with_parent(signal.SIGTERM))
    pn.config.exception_handler = errors.handle_callback_error
    serving.defer_full_collections()
    pn.serve(session_document, port=port, address=address, show=show, title=t("app_title", "ja"),
             websocket_origin=[f"{address}:{port}", f"localhost:{port}", *allowed_origins], verbose=True,
             num_procs=num_procs, use_xheaders=behind_proxy, static_dirs={STATIC_ROUTE: str(STATIC_DIR)},
             warm=num_procs == 1,  # Bokeh refuses to fork workers once application code has run
             # an upload travels over the websocket in chunks (base64): a message is at most one chunk
             websocket_max_message_size=CHUNK_BYTES * 4 // 3 + 1_000_000,
             **auth.server_options())
