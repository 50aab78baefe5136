"""The overview's table of projected lateness (mart_prefecture_stage_projection): prefectures whose reached or
projected period of a stage is later than scheduled, furthest behind first, each linked to its profile."""

from __future__ import annotations

import panel as pn
import polars as pl

from dashboards import data
from dashboards.components.batching import set_objects
from dashboards.components.layout import note
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import period_label, stage_label
from dashboards.links import LINK_COLUMN
from dashboards.state import query_of
from dashboards.texts import t

KIND = {"reached": ("到達", "reached"), "projected": ("見込み", "projected")}


def lateness_frame(snap: data.Snapshot, lang: str) -> pl.DataFrame:
    """One row per late prefecture: its stage furthest behind schedule (the lowest such stage on a tie), when it
    was scheduled, when it was reached or is projected, and by how many quarters; most quarters late first."""
    frame = data.stage_projection(snap)
    if frame.is_empty():
        return pl.DataFrame()
    late = frame.filter(pl.col("quarters_late") > 0).sort(
        ["prefecture_code", "quarters_late", "stage"], descending=[False, True, False]).unique(
        "prefecture_code", keep="first", maintain_order=True)
    name = "prefecture_name_en" if lang == "en" else "prefecture_name"
    names = data.prefectures(snap).select("prefecture_code", pl.col(name).alias("prefecture"))
    is_reached = pl.col("reached_period").is_not_null()

    def label(period: str) -> str:
        return period_label(period, lang)

    return late.join(names, on="prefecture_code", how="left").sort(
        ["quarters_late", "prefecture_code"], descending=[True, False]).select(
        "prefecture_code", "prefecture",
        pl.col("stage").map_elements(lambda s: stage_label(s, lang), return_dtype=pl.String).alias("stage_label"),
        pl.col("scheduled_period").map_elements(label, return_dtype=pl.String).alias("scheduled"),
        pl.coalesce("reached_period", "projected_period").map_elements(label, return_dtype=pl.String)
        .alias("expected"),
        pl.when(is_reached).then(pl.lit(KIND["reached"][lang == "en"])).otherwise(
            pl.lit(KIND["projected"][lang == "en"])).alias("kind"),
        pl.col("quarters_late").cast(pl.Int64))


class LatenessView(View):
    """The projection does not depend on the chosen period; the profile links carry it along."""

    depends = ("period",)

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang = self.lang
        ja = lang == "ja"
        self._titles = {"prefecture_code": t("code", lang), "prefecture": t("prefecture", lang),
                        "stage_label": t("stage", lang), "scheduled": self.catalog.name("scheduled_period", lang),
                        "expected": "到達期／到達見込み期" if ja else "Reached / projected",
                        "kind": "区分" if ja else "Basis"}
        self._note, self._empty = note(t("lateness_note", lang)), note(t("no_lateness", lang))
        self.table = None
        self.layout = pn.Column(self._note, self._empty, sizing_mode="stretch_width", css_classes=["lateness"])

    def update(self) -> None:
        frame = lateness_frame(self.snap, self.lang)
        if frame.is_empty():
            set_objects(self.layout, [self._note, self._empty])
            return
        frame = frame.with_columns(pl.col("prefecture_code").map_elements(
            lambda code: query_of(self.state, page="prefecture", pref=code), return_dtype=pl.String)
            .alias(LINK_COLUMN))
        if self.table is None:
            self.table = TableBlock(frame, "projected_lateness", self.catalog, self.lang, titles=self._titles,
                                    hidden_columns=[LINK_COLUMN], page_size=47, height=360,
                                    formatters={"prefecture": {"type": "link", "urlField": LINK_COLUMN}},
                                    css_classes=["lateness-table"], sheet=t("lateness_title", self.lang))
        else:
            self.table.update(frame, "projected_lateness")
        set_objects(self.layout, [self._note, self.table.layout])
