"""Every indicator of the period: the prefecture's value, the national value, better or worse."""

from __future__ import annotations

import polars as pl

from dashboards import data
from dashboards.catalog import Catalog
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import (
    COMPARISON,
    compare,
    format_value,
    interval_text,
    is_percent,
    period_label,
    period_short,
    unit_suffix,
    verdict,
)
from dashboards.texts import t


def _number(value, unit: str | None) -> float | None:
    """The value as a number for downloads, percentages ×100 (None for flags, categories and gaps)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return float(value) * 100 if is_percent(unit) else float(value)


def indicator_frame(snap: data.Snapshot, catalog: Catalog, pref: str, period: str, lang: str) -> pl.DataFrame:
    """Every indicator of the period: the prefecture's value, the national value, better or worse."""
    mine, nation = data.prefecture_row(snap, pref, period), data.national_row(snap, period)
    rows = []
    for code in data.indicators_in(snap, "mart_prefecture_quarter"):
        unit, value, national = catalog.unit(code), mine.get(code), nation.get(code)
        respondents = mine.get("survey_respondents") if catalog.is_survey_rate(code) else None
        comparison = compare(value, national, unit, respondents) if catalog.is_comparable(code) else \
            "not_compared"
        rows.append({"code": code, "indicator": catalog.name(code, lang),
                     "value_text": format_value(value, unit, lang),
                     "national_text": format_value(national, unit, lang),
                     "vs_national": COMPARISON[comparison].label(lang),
                     "interval": interval_text(value, respondents, lang) if respondents else "",
                     "verdict": verdict(comparison, catalog.direction(code)),
                     "value": _number(value, unit), "national": _number(national, unit),
                     "unit_text": "%" if is_percent(unit) else unit_suffix(unit, lang).strip()})
    return pl.DataFrame(rows, schema={"code": pl.String, "indicator": pl.String, "value_text": pl.String,
                                      "national_text": pl.String, "vs_national": pl.String, "interval": pl.String,
                                      "verdict": pl.String, "value": pl.Float64, "national": pl.Float64,
                                      "unit_text": pl.String})


class IndicatorTable(View):
    """Every indicator of the period: the prefecture's value, the national value, better or worse."""

    depends = ("pref", "period")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        frame, name, titles = self._table()
        self.table = TableBlock(frame, name, self.catalog, self.lang, titles=titles, **self._export(), html=True,
                                hidden_columns=["code", "value", "national", "verdict", "unit_text"],
                                export_drop=("code", "value_text", "national_text", "verdict"),
                                text_align={"value_text": "right", "national_text": "right"},
                                sort_by={"value_text": "value", "national_text": "national"},
                                css_classes=["indicator-table"])
        self.layout = self.table.layout

    def _table(self) -> tuple[pl.DataFrame, str, dict]:
        snap, lang, pref, period = self.snap, self.lang, self.state.pref, self.state.period
        frame = data.memo_of(snap, indicator_frame, self.catalog, pref, period, lang)
        titles = {"indicator": t("indicator", lang), "value_text": data.prefecture_name(snap, pref, lang),
                  "national_text": t("national", lang), "vs_national": t("vs_national", lang),
                  "interval": t("interval", lang), "value": data.prefecture_name(snap, pref, lang),
                  "national": t("national", lang), "unit_text": t("unit", lang)}
        return frame, f"indicators_{pref}_{period}", titles

    def _export(self) -> dict:
        lang, period = self.lang, self.state.period
        return {"context": {t("period", lang): period_label(period, lang)},
                "sheet": f"{data.prefecture_name(self.snap, self.state.pref, lang)} {period_short(period, lang)}"}

    def update(self) -> None:
        frame, name, titles = self._table()
        self.table.update(frame, name, titles=titles, **self._export())
