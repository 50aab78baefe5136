"""Links to the prefecture and municipality profiles from the maps, tiles and tables that name one (the app
navigates by links; the page script follows them inside the session: `dashboards.browser`)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from dashboards.state import AppState, query_of

LINK_COLUMN = "profile_link"
# Tabulator's link formatter: the cell's text (the name) links to the row's profile_link (a hidden column)
NAME_LINK = {"type": "link", "urlField": LINK_COLUMN}


def with_profile_links(frame: pl.DataFrame, state: AppState) -> pl.DataFrame:
    """The frame with `profile_link` = the URL of each row's municipality profile, keeping the session's period,
    indicator and language (rows need municipality_code)."""
    if frame.is_empty() or "municipality_code" not in frame.columns:
        return frame.with_columns(pl.lit(None, dtype=pl.String).alias(LINK_COLUMN))
    prefix = query_of(state, page="municipality", muni="")
    return frame.with_columns((pl.lit(prefix + "&muni=") + pl.col("municipality_code")).alias(LINK_COLUMN))


def profile_link(state) -> Callable[[str], str]:
    """The URL of a prefecture's profile, keeping the session's period and language."""
    return lambda code: query_of(state, page="prefecture", pref=code)
