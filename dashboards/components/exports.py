"""Downloads of a table: CSV and xlsx buttons, and the frame they hold (headers in the UI language, units)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import panel as pn
import polars as pl

from dashboards.catalog import Catalog
from dashboards.components.columns import column_headers, displayable_time
from dashboards.formatting import is_percent, period_label, period_short, unit_suffix
from dashboards.texts import t
from pipelines import export


def sheet_title(name: str) -> str:
    """An xlsx sheet name (≤ 31 characters, none of []:*?/\\) that still says what the sheet holds."""
    title = re.sub(r"[\[\]:*?/\\]", "・", name).strip("'")
    if len(title) > 31:
        title = re.sub(r"\s*[（(][^）)]*[）)]$", "", title)  # drop '（7〜9月）' / '(Jul–Sep)' first
    return title if len(title) <= 31 else title[:30] + "…"


def downloads(frame: Callable[[], pl.DataFrame], name: str, lang: str,
              sheet: Callable[[], str] | None = None) -> pn.FlexBox:
    """CSV (UTF-8 with BOM) and xlsx buttons; the bytes are made on click from the frame callback. `sheet` gives
    the xlsx sheet's name in the UI language (the file name by default)."""
    sheet = sheet or (lambda: name)
    return pn.FlexBox(
        pn.widgets.FileDownload(callback=lambda: io.BytesIO(export.csv_bytes(frame())), filename=f"{name}.csv",
                                label=t("download_csv", lang), button_type="default",
                                css_classes=["download-csv"], embed=False, width=190),
        pn.widgets.FileDownload(callback=lambda: io.BytesIO(export.xlsx_bytes(frame(), sheet_title(sheet()))),
                                filename=f"{name}.xlsx", label=t("download_xlsx", lang), button_type="default",
                                css_classes=["download-xlsx"], embed=False, width=190),
        flex_wrap="wrap", margin=(4, 0),
    )


def export_frame(frame: pl.DataFrame, catalog: Catalog, lang: str, titles: dict[str, str] | None = None,
                 units: dict[str, str | None] | None = None, drop: tuple[str, ...] = (),
                 context: dict[str, str] | None = None) -> pl.DataFrame:
    """What a download holds: the table's headers in the UI language with units (percentages ×100 under a
    '（%）' header), periods as labels, `context` columns (period, indicator) first, numbers as numbers."""
    labels, _ = column_headers(frame, catalog, lang, titles, units)
    unit_of = {code: catalog.unit(code) for code in frame.columns if code in catalog.rows} | (units or {})
    columns, taken = [pl.lit(value).alias(title) for title, value in (context or {}).items()], set(context or {})
    for name, dtype in frame.schema.items():
        if name in drop:
            continue
        title, column, unit = labels.get(name) or name, pl.col(name), unit_of.get(name)
        if name == "period" and dtype == pl.String:
            column = column.map_elements(lambda p: period_label(p, lang), return_dtype=pl.String)
        elif isinstance(dtype, pl.Datetime):  # Japan time to the minute, as on screen; Excel reads it as a date
            column = displayable_time(column, dtype).dt.strftime("%Y-%m-%d %H:%M")
        if dtype.is_numeric() and is_percent(unit):
            column, title = column * 100, f"{title}（%）" if lang == "ja" else f"{title} (%)"
        elif dtype.is_numeric() and unit_suffix(unit, lang).strip():
            suffix = unit_suffix(unit, lang).strip()
            title = f"{title}（{suffix}）" if lang == "ja" else f"{title} ({suffix})"
        if title in taken:
            title = f"{title} [{name}]"
        taken.add(title)
        columns.append(column.alias(title))
    return frame.select(columns)


def indicator_export(catalog: Catalog, code: str, period: str, lang: str) -> dict:
    """A one-indicator download (TableBlock arguments): the indicator and period as columns, both in the sheet's
    name."""
    name = catalog.name(code, lang)
    return {"context": {t("indicator", lang): name, t("period", lang): period_label(period, lang)},
            "sheet": f"{name} {period_short(period, lang)}"}
