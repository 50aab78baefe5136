"""The stage timeline's outlook (SPEC §4.4 mart_prefecture_stage_projection): projected quarters drawn dashed from
the latest period, scheduled quarters marked, and the projection as a table with downloads."""

from __future__ import annotations

import panel as pn
import polars as pl
from bokeh.models import ColumnDataSource, Line, Scatter

from dashboards import data
from dashboards.components.figures import draw, label_periods
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import period_label, stage_label
from dashboards.texts import t


def period_number(period: str) -> int:
    """'FY2025Q4' → a count of quarters, so that FY2025Q4 + 1 = FY2026Q1."""
    return int(period[2:6]) * 4 + int(period[7]) - 1


def period_of(number: int) -> str:
    return f"FY{number // 4}Q{number % 4 + 1}"


def projection_marks(series: pl.DataFrame, projection: pl.DataFrame) -> dict:
    """What the timeline adds to the monitored periods: `periods` (monitored, then on to the last projected or
    scheduled quarter), `dashed` (from the latest period's stage through each projected stage) and `scheduled`
    (the first quarter each stage is due)."""
    monitored = series["period"].to_list()
    rows = projection.to_dicts()
    wanted = [p for r in rows for p in (r.get("scheduled_period"), r.get("projected_period")) if p]
    periods = list(monitored)
    if monitored and wanted:
        last = max(period_number(p) for p in [*wanted, monitored[-1]])
        periods = [period_of(n) for n in range(period_number(monitored[0]), last + 1)]
    dashed = {"period": [], "stage": []}
    projected = sorted((r for r in rows if r.get("projected_period")), key=lambda r: r["stage"])
    if monitored and projected:
        dashed = {"period": [monitored[-1]] + [r["projected_period"] for r in projected],
                  "stage": [series["platform_stage"][-1]] + [r["stage"] for r in projected]}
    scheduled = [r for r in rows if r.get("scheduled_period")]
    return {"periods": periods, "dashed": dashed,
            "scheduled": {"period": [r["scheduled_period"] for r in scheduled],
                          "stage": [r["stage"] for r in scheduled]}}


class ProjectionOverlay:
    """Glyphs added to the stage chart: the dashed projection and the scheduled marks."""

    def __init__(self, fig, lang: str):
        self.fig, self.lang = fig, lang
        self._dashed = ColumnDataSource({"period": [], "stage": []})
        self._scheduled = ColumnDataSource({"period": [], "stage": []})
        draw(fig, Line(x="period", y="stage", line_color="#0072B2", line_width=2.5, line_dash="dashed"), self._dashed,
             legend_label=t("projected_stage", lang))
        draw(fig, Scatter(x="period", y="stage", marker="circle", size=11, fill_color="#ffffff", line_color="#0072B2",
                          line_width=2), self._dashed, legend_label=t("projected_stage", lang))
        draw(fig, Scatter(x="period", y="stage", marker="diamond", size=15, fill_color="#F0E442",
                          line_color="#000000"), self._scheduled, legend_label=t("scheduled_stage", lang))

    def update(self, series: pl.DataFrame, projection: pl.DataFrame) -> None:
        marks = projection_marks(series, projection)
        if list(self.fig.x_range.factors) != marks["periods"]:
            self.fig.x_range.factors = marks["periods"]
        label_periods(self.fig, marks["periods"], self.lang)
        self._dashed.data = marks["dashed"]
        self._scheduled.data = marks["scheduled"]


def projection_frame(snap: data.Snapshot, pref: str, lang: str) -> pl.DataFrame:
    """One row per stage: scheduled, reached and projected quarters (labels) and quarters late."""
    frame = data.stage_projection(snap, pref)
    if frame.is_empty():
        return pl.DataFrame(schema={"stage": pl.String, "scheduled": pl.String, "reached": pl.String,
                                    "projected": pl.String, "quarters_late": pl.Int64})
    return frame.select(
        pl.col("stage").map_elements(lambda s: stage_label(s, lang), return_dtype=pl.String).alias("stage"),
        *(pl.col(column).map_elements(lambda p: period_label(p, lang), return_dtype=pl.String).alias(name)
          for column, name in (("scheduled_period", "scheduled"), ("reached_period", "reached"),
                               ("projected_period", "projected"))),
        pl.col("quarters_late").cast(pl.Int64))


class ProjectionTable(View):
    """The projection of every stage as a table (the text alternative of the dashed timeline), with downloads."""

    depends = ("pref",)

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang = self.lang
        titles = {"stage": t("stage", lang), "scheduled": self.catalog.name("scheduled_period", lang),
                  "reached": self.catalog.name("reached_period", lang),
                  "projected": self.catalog.name("projected_period", lang)}
        self.table = TableBlock(projection_frame(snap, state.pref, lang), f"stage_projection_{state.pref}",
                                self.catalog, lang, titles=titles, html=True, css_classes=["projection-table"],
                                sheet=self._sheet())
        self.layout = pn.Column(self.table.layout, sizing_mode="stretch_width")

    def update(self) -> None:
        pref = self.state.pref
        self.table.update(projection_frame(self.snap, pref, self.lang), f"stage_projection_{pref}",
                          sheet=self._sheet())

    def _sheet(self) -> str:
        return f"{data.prefecture_name(self.snap, self.state.pref, self.lang)} {t('projection_sheet', self.lang)}"
