"""All prefectures ranked by the chosen indicator, against the national value."""

from __future__ import annotations

import panel as pn
import polars as pl

from dashboards import data
from dashboards.catalog import Catalog
from dashboards.components.batching import set_objects
from dashboards.components.exports import indicator_export
from dashboards.components.layout import note
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import (
    COMPARISON,
    SCHEDULE,
    VERDICT_COLOURS,
    compare,
    format_value,
    interval_text,
    period_label,
    verdict,
)
from dashboards.texts import t


def ranking_frame(snap: data.Snapshot, catalog: Catalog, period: str, code: str, lang: str) -> pl.DataFrame:
    """All prefectures ranked by the indicator (best first), against the national value, with their schedule."""
    frame = data.prefecture_quarter(snap, period)
    national_value = data.national_row(snap, period).get(code)
    comparable = catalog.is_comparable(code)
    direction, unit = catalog.direction(code), catalog.unit(code)
    survey = catalog.is_survey_rate(code)
    name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
    ranked = frame.sort(code, descending=direction != "lower_is_better", nulls_last=True).with_row_index(
        "rank", offset=1)
    respondents = ranked["survey_respondents"].to_list() if survey else [None] * len(ranked)
    comparisons = [compare(value, national_value, unit, n) if comparable else "not_compared"
                   for value, n in zip(ranked[code].to_list(), respondents, strict=True)]
    schedule = {key: status.label(lang) for key, status in SCHEDULE.items()}
    ranked = ranked.with_columns(
        pl.when(pl.col(code).is_not_null()).then(pl.col("rank")).alias("rank"),
        pl.Series("vs_national", [COMPARISON[c].label(lang) for c in comparisons], dtype=pl.String),
        pl.Series("verdict", [verdict(c, direction) for c in comparisons], dtype=pl.String),
        pl.Series("interval", [interval_text(v, n, lang) if survey else ""
                               for v, n in zip(ranked[code].to_list(), respondents, strict=True)], dtype=pl.String),
        pl.col("schedule_status").fill_null("no_data").replace_strict(schedule, return_dtype=pl.String)
        .alias("schedule"),
    )
    # the indicator may itself be one of the fixed columns (quarters_behind): each column once
    columns = ["rank", "prefecture_code", name_column, code, *(["interval"] if survey else []),
               *(["vs_national", "verdict"] if comparable else []), "schedule", "quarters_behind"]
    return ranked.select(*dict.fromkeys(columns))


def comparison_legend(lang: str, survey: bool) -> str:
    """How 全国より高い/同程度/低い is decided and what the colours mean."""
    chips = "".join(f"<span class='verdict-chip' style='color:{VERDICT_COLOURS[key]}'>■ {t(f'verdict_{key}', lang)}"
                    "</span>" for key in ("better", "similar", "worse"))
    rule = t("rule_interval" if survey else "rule_precision", lang)
    return f"{chips}<br>{rule}"


class RankingView(View):
    depends = ("period", "indicator")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self._empty = note(t("no_data", self.lang))
        self._block = None
        self._national = pn.pane.HTML(sizing_mode="stretch_width")
        self.layout = pn.Column(self._empty, sizing_mode="stretch_width")

    def _titles(self) -> dict[str, str]:
        lang = self.lang
        name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
        return {"rank": t("rank", lang), "prefecture_code": t("code", lang), name_column: t("prefecture", lang),
                "vs_national": t("vs_national", lang), "interval": t("interval", lang),
                "schedule": t("schedule_status", lang), "quarters_behind": t("quarters_behind", lang)}

    def update(self) -> None:
        code, period, lang = self.state.indicator, self.state.period, self.lang
        if code not in data.prefecture_quarter(self.snap, period).columns:
            set_objects(self.layout, [self._empty])
            return
        ranked = data.memo_of(self.snap, ranking_frame, self.catalog, period, code, lang)
        catalog, unit = self.catalog, self.catalog.unit(code)
        name = t("export_ranking", lang, indicator=catalog.name(code, lang), period=period_label(period, lang))
        if self._block is None:
            self._block = TableBlock(ranked, name, catalog, lang, titles=self._titles(), page_size=47, height=420,
                                     css_classes=["ranking-table"], hidden_columns=["verdict"],
                                     **indicator_export(catalog, code, period, lang))
        else:
            self._block.update(ranked, name, **indicator_export(catalog, code, period, lang))
        national = format_value(data.national_row(self.snap, period).get(code), unit, lang)
        text = f"{t('national', lang)}（{period_label(period, lang)}）: <b>{national}</b>"
        if catalog.is_comparable(code):
            text += f"<br>{comparison_legend(lang, catalog.is_survey_rate(code))}"
        self._national.object = f"<p class='note'>{text}</p>"
        set_objects(self.layout, [self._national, self._block.layout])
