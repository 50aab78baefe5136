"""How a frame's columns are shown: headers in the UI language, number formats by unit, Japan time, periods."""

from __future__ import annotations

import polars as pl
from bokeh.models import DateFormatter, NumberFormatter

from dashboards.catalog import Catalog
from dashboards.formatting import is_percent, period_label
from dashboards.texts import t

PERCENT = NumberFormatter(format="0.0%", text_align="right", nan_format="―", null_format="―")
NUMBER = NumberFormatter(format="0,0.[00]", text_align="right", nan_format="―", null_format="―")
# whole numbers that are not quantities (row numbers, years, issue numbers): no thousands separator
PLAIN_INTEGER = NumberFormatter(format="0", text_align="right", nan_format="―", null_format="―")
# Japan wall-clock times (`shown_values` makes them naive): '2026年10月28日 16:25' / '28 Oct 2026, 16:25', as
# formatting.format_datetime writes them; the cell keeps the timestamp, so the column still sorts by time.
DATETIME = {"ja": DateFormatter(format="%Y年%-m月%-d日 %H:%M", text_align="right", nan_format="―"),
            "en": DateFormatter(format="%-d %b %Y, %H:%M", text_align="right", nan_format="―")}
# yes/no as words: Tabulator's tickCross puts aria-checked on a grid cell, which screen readers misread
YES_NO = {"ja": {"type": "lookup", "true": "はい", "false": "いいえ"},
          "en": {"type": "lookup", "true": "yes", "false": "no"}}
# headers of the key columns many tables share, unless a table names them itself
COMMON_TITLES = {"period": "period", "prefecture_code": "code", "prefecture_name": "prefecture",
                 "prefecture_name_en": "prefecture"}


def displayable_time(column: pl.Expr, dtype: pl.Datetime) -> pl.Expr:
    """A zoned timestamp as Japan wall-clock time (naive); naive timestamps already are (the marts' *_jst)."""
    return column.dt.convert_time_zone("Asia/Tokyo").dt.replace_time_zone(None) if dtype.time_zone else column


def shown_values(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The values a table shows: zoned timestamps become Japan wall-clock time (Tabulator would show UTC), period
    codes their labels ('2026年度第2四半期（7〜9月）', which sort as the codes do)."""
    periods = [pl.col("period").map_elements(lambda p: period_label(p, lang), return_dtype=pl.String)] \
        if frame.schema.get("period") == pl.String else []
    return frame.with_columns(
        *(displayable_time(pl.col(name), dtype) for name, dtype in frame.schema.items()
          if isinstance(dtype, pl.Datetime) and dtype.time_zone), *periods)


def displayable(frame: pl.DataFrame, lang: str):
    """`shown_values` as pandas, for Tabulator."""
    return shown_values(frame, lang).to_pandas()


def column_headers(frame: pl.DataFrame, catalog: Catalog, lang: str, titles: dict[str, str] | None = None,
                   units: dict[str, str | None] | None = None, formatters: dict | None = None) -> tuple[dict, dict]:
    """Column titles (catalog names, then `titles`) and number formatters by unit (ratios as %)."""
    labels = {code: t(key, lang) for code, key in COMMON_TITLES.items() if code in frame.columns}
    labels.update({code: catalog.name(code, lang) for code in frame.columns if code in catalog.rows})
    labels.update(titles or {})
    unit_of = {code: catalog.unit(code) for code in frame.columns if code in catalog.rows} | (units or {})
    chosen = {}
    for code, dtype in frame.schema.items():
        if dtype == pl.Boolean:
            chosen[code] = YES_NO[lang]
        elif isinstance(dtype, pl.Datetime):
            chosen[code] = DATETIME[lang]
        elif is_percent(unit_of.get(code)):
            chosen[code] = PERCENT
        elif dtype.is_float() or (dtype.is_integer() and (code in unit_of or code.endswith("_count"))):
            chosen[code] = NUMBER
        elif dtype.is_integer():
            chosen[code] = PLAIN_INTEGER
    chosen.update(formatters or {})
    return labels, chosen
