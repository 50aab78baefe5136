"""A prefecture's municipalities in the period: search, sort, filter, each name linking to its profile."""

from __future__ import annotations

import panel as pn
import polars as pl

from dashboards import data
from dashboards.components.layout import note
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import period_label
from dashboards.links import LINK_COLUMN, NAME_LINK, with_profile_links
from dashboards.texts import t

# Columns about a single municipality reporting itself (1, 1, 100 %): in downloads, not on screen.
CONSTANT_COLUMNS = ["municipalities_total", "municipalities_reported", "completeness"]


def municipality_frame(snap: data.Snapshot, period: str, lang: str, prefecture_codes: list[str] | None = None,
                       kinds: list[str] | None = None) -> pl.DataFrame:
    """Municipality rows with kind labels first, then every catalog indicator present at that level.

    Computed once per snapshot and arguments (the frames are shared by every session)."""
    return data.memo_of(snap, _municipality_frame, period, lang, tuple(prefecture_codes or ()), tuple(kinds or ()))


def _municipality_frame(snap: data.Snapshot, period: str, lang: str, prefecture_codes: tuple[str, ...],
                        kinds: tuple[str, ...]) -> pl.DataFrame:
    frame = data.municipalities(snap, period, list(prefecture_codes) or None, list(kinds) or None)
    indicators = data.indicators_in(snap, "mart_municipality_quarter")
    name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
    names = data.prefectures(snap).select("prefecture_code", pl.col(name_column).alias("prefecture"))
    frame = frame.join(names, on="prefecture_code", how="left")
    leading = ["municipality_code", "municipality_name", "prefecture_code", "prefecture", "kind_label"]
    frame = frame.with_columns(pl.col("kind_label_en" if lang == "en" else "kind_label_ja").alias("kind_label"))
    return frame.select(*leading, *[c for c in indicators if c not in leading])


class MunicipalityTable(View):
    depends = ("pref", "period")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang = self.lang
        self._frame = self._rows()
        titles = {"municipality_code": "コード" if lang == "ja" else "Code",
                  "municipality_name": "市区町村" if lang == "ja" else "Municipality",
                  "prefecture_code": t("prefecture", lang), "kind_label": t("kind", lang)}
        self.table = TableBlock(self._frame, self._name(), self.catalog, lang, titles=titles, page_size=20,
                                height=520, frozen_columns=["municipality_name"],
                                hidden_columns=["prefecture_code", "prefecture", *CONSTANT_COLUMNS, LINK_COLUMN],
                                formatters={"municipality_name": NAME_LINK},
                                header_filters={"kind_label": {"type": "list", "valuesLookup": True,
                                                               "clearable": True},
                                                "municipality_name": {"type": "input", "func": "like"}},
                                css_classes=["municipality-table"], **self._export())
        hint = "例: 市 / 町 / コード" if lang == "ja" else "e.g. a name or a code"
        self._search = pn.widgets.TextInput(name=t("search", lang), placeholder=hint, width=260,
                                            css_classes=["municipality-search"])
        self._search.param.watch(self._filter, "value_input")
        self._empty = note(t("no_municipal_data", lang))
        # the mart has a row wherever any form has data: say so when the municipal report itself is missing
        self._unreported = note(t("no_municipal_report", lang))
        self._block = pn.Column(self._unreported, self._search, self.table.grid, self.table.buttons,
                                sizing_mode="stretch_width", css_classes=["municipality-block"])
        self.layout = pn.Column(self._empty, self._block, sizing_mode="stretch_width")

    def _rows(self) -> pl.DataFrame:
        return with_profile_links(municipality_frame(self.snap, self.state.period, self.lang, [self.state.pref]),
                                  self.state)

    def _name(self) -> str:
        return f"municipalities_{self.state.pref}_{self.state.period}"

    def _export(self) -> dict:
        lang, period = self.lang, self.state.period
        return {"context": {t("period", lang): period_label(period, lang)},
                "sheet": f"{data.prefecture_name(self.snap, self.state.pref, lang)} {t('municipality_table', lang)}"}

    def _filter(self, event) -> None:
        text = (event.new or "").strip()
        frame = self._frame
        shown = frame.filter(pl.col("municipality_name").str.contains(text, literal=True)
                             | pl.col("municipality_code").str.starts_with(text)) if text else frame
        self.table.frame = shown  # the downloads give what is shown
        self.table.show_rows(shown)

    def update(self) -> None:
        frame = self._frame = self._rows()
        self._empty.visible = frame.is_empty()
        self._block.visible = not frame.is_empty()
        if frame.is_empty():
            return
        reported = frame["municipal_report_submitted"].any() if "municipal_report_submitted" in frame.columns \
            else True
        self._unreported.visible = not reported
        if self._search.value or self._search.value_input:
            self._search.param.update(value="", value_input="")  # a new prefecture or period: the search is cleared
        self.table.update(frame, self._name(), **self._export())
