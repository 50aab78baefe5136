"""The Panel application: one Shell per browser session; `serve()` is what `kyoso serve` calls."""

from __future__ import annotations

from pathlib import Path

import panel as pn

from dashboards import auth
from dashboards.pages import definitions, municipalities, overview, prefecture, submissions, upload
from dashboards.shell import Shell
from dashboards.state import AppState
from dashboards.texts import t
from pipelines.uploads import max_upload_bytes

STYLESHEET = Path(__file__).with_name("style.css")
PAGE_FACTORIES = {
    "overview": overview.OverviewPage,
    "prefecture": prefecture.PrefecturePage,
    "municipalities": municipalities.MunicipalitiesPage,
    "submissions": submissions.SubmissionsPage,
    "definitions": definitions.DefinitionsPage,
    "upload": upload.UploadPage,
}


def create_app() -> Shell:
    """A fresh page tree for one session, showing what the logged-in account (or a guest) may see."""
    return Shell(PAGE_FACTORIES, state=AppState(audience=auth.current_audience()))


def configure() -> None:
    pn.extension("tabulator", raw_css=[STYLESHEET.read_text(encoding="utf-8")], notifications=False,
                 sizing_mode="stretch_width")


def serve(port: int = 5006, address: str = "127.0.0.1", show: bool = False) -> None:
    """Start the Panel server (blocking) on address:port; the app is served at /."""
    configure()
    pn.serve(create_app, port=port, address=address, show=show, title=t("app_title", "ja"),
             websocket_origin=[f"{address}:{port}", f"localhost:{port}"], verbose=True,
             # uploads travel over the websocket: allow the upload limit plus base64 overhead
             websocket_max_message_size=max_upload_bytes() * 4 // 3 + 1_000_000,
             **auth.server_options())
