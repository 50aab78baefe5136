"""「前回更新からの変化」 — what the latest refresh moved, largest moves first, with the causing upload and the
submitter's note; and the prefecture profile's stage outlook and report download (SPEC §4.4, §4.6)."""

from __future__ import annotations

import html
import io

import panel as pn
import polars as pl

from dashboards import data
from dashboards.components.batching import show_only
from dashboards.components.layout import note, wrapping
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import period_short
from pipelines.report import NoPublishedData, labels, report_bytes, report_file_name

TITLES = {
    "ja": {"prefecture": "都道府県", "period": "期間", "indicator_name": "指標", "old_value": "更新前",
           "new_value": "更新後", "cause_submission_ids": "原因となった提出", "notes": "提出者の備考"},
    "en": {"prefecture": "Prefecture", "period": "Period", "indicator_name": "Indicator", "old_value": "Before",
           "new_value": "After", "cause_submission_ids": "Causing submissions", "notes": "Submitter's note"},
}
CHANGES_TITLE = {"ja": "前回更新からの変化", "en": "Changes since the previous refresh"}
NO_CHANGES = {"ja": "前回の更新から値の変化はありません。", "en": "No value changed in the latest refresh."}
FILTER_LABEL = {"ja": "指標で絞り込み", "en": "Filter by indicator"}


def change_rows(snap: data.Snapshot, lang: str, prefecture_code: str | None, indicator: str | None) -> pl.DataFrame:
    """The rows the panel shows: labels in the session's language, largest moves first."""
    frame = data.indicator_changes(snap, prefecture_code)
    if frame.is_empty():
        return frame
    if indicator:
        frame = frame.filter(pl.col("indicator") == indicator)
    catalog = {r["code"]: r for r in data.catalog(snap).to_dicts()}
    name_column = "name_en" if lang == "en" else "name_ja"
    return frame.with_columns(
        (pl.col("prefecture_code") + " " + pl.col("prefecture_name_en" if lang == "en" else "prefecture_name"))
        .alias("prefecture"),
        pl.col("indicator").replace_strict({c: r[name_column] for c, r in catalog.items()}, default=pl.col("indicator"))
        .alias("indicator_name"),
    ).select("prefecture", "period", "indicator_name", "old_value", "new_value", "cause_submission_ids", "notes",
             "indicator")


class ChangesPanel(View):
    """The overview's panel (all prefectures) or the profile's (`for_prefecture`): filterable, downloadable."""

    def __init__(self, state, snap, for_prefecture: bool = False):
        super().__init__(state, snap)
        self.depends = ("pref",) if for_prefecture else ()
        self._for_prefecture = for_prefecture
        indicators = data.indicator_changes(snap)
        codes = sorted(set(indicators["indicator"].to_list())) if not indicators.is_empty() else []
        names = {r["code"]: r["name_en" if self.lang == "en" else "name_ja"] for r in data.catalog(snap).to_dicts()}
        self.filter = pn.widgets.Select(name=FILTER_LABEL[self.lang],
                                        options={"—": "", **{names.get(c, c): c for c in codes}}, width=320,
                                        css_classes=["changes-filter"])
        self.filter.param.watch(lambda *_: self.update(), "value")
        self.table = None
        self.layout = pn.Column(sizing_mode="stretch_width", css_classes=["changes-panel"])
        self._none = note(NO_CHANGES[self.lang])  # one pane: a prefecture without changes leaves the page as it is

    def update(self) -> None:
        prefecture = self.state.pref if self._for_prefecture else None
        frame = change_rows(self.snap, self.lang, prefecture, self.filter.value or None)
        if frame.is_empty():
            # a filter that empties the list stays, so that it can be cleared
            show_only(self.layout, [self.filter, self._none] if self.filter.value else [self._none])
            return
        shown = frame.drop("indicator")
        name = f"changes_{prefecture or 'all'}"
        if self.table is None:
            self.table = TableBlock(shown, name, self.catalog, self.lang, titles=TITLES[self.lang], height=320,
                                    css_classes=["changes-table"], sheet=CHANGES_TITLE[self.lang])
        else:
            self.table.update(shown, name)
        show_only(self.layout, [self.filter, self.table.layout])


class StageOutlook(View):
    """One sentence per stage: reached when, or when at the current pace against the schedule."""

    depends = ("pref",)

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.layout = pn.pane.HTML(sizing_mode="stretch_width", css_classes=["stage-outlook"])

    def update(self) -> None:
        rows = data.stage_projection(self.snap, self.state.pref).to_dicts()
        sentence = labels.projection_sentence if self.lang == "ja" else projection_sentence_en
        items = "".join(f"<li>{html.escape(sentence(r))}</li>" for r in rows)
        self.layout.object = f"<ul class='outlook' lang='{self.lang}'>{items}</ul>" if items else ""


def projection_sentence_en(row: dict) -> str:
    """The English UI's 「このペースでは段階3到達は…」: 'At this pace stage 3 is reached in FY2027 Q1 (2 quarters
    behind schedule)' and its variants."""
    stage, late = row["stage"], row["quarters_late"]
    if row["reached_period"]:
        when = f"Stage {stage} was reached in {period_short(row['reached_period'], 'en')}"
    elif row["projected_period"]:
        when = f"At this pace stage {stage} is reached in {period_short(row['projected_period'], 'en')}"
    else:
        return f"No outlook for stage {stage} (no stage reported)"
    if late is None:
        return when
    if late == 0:
        return f"{when} (on schedule)"
    quarters = f"{abs(late)} quarter{'s' * (abs(late) != 1)}"
    return f"{when} ({quarters} {'behind' if late > 0 else 'ahead of'} schedule)"


class ReportDownloads(View):
    """The prefecture's quarterly report for the period on screen, as .xlsx and .pdf."""

    depends = ("pref", "period")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        label = {"ja": "四半期報告書", "en": "Quarterly report"}[self.lang]
        self.buttons = [
            pn.widgets.FileDownload(callback=self._maker(fmt), filename="report." + fmt, embed=False, width=220,
                                    label=f"{label}（.{fmt}）" if self.lang == "ja" else f"{label} (.{fmt})",
                                    button_type="primary",
                                    css_classes=[f"report-{fmt}"])
            for fmt in ("xlsx", "pdf")]
        self.layout = wrapping(*self.buttons, css_class="report-downloads")

    def _maker(self, fmt: str):
        def make():
            try:
                return io.BytesIO(report_bytes(self.state.pref, self.state.period or None, fmt))
            except NoPublishedData:
                return io.BytesIO(b"")
        return make

    def update(self) -> None:
        for button, fmt in zip(self.buttons, ("xlsx", "pdf"), strict=True):
            button.filename = report_file_name(self.state.pref, self.state.period or "latest", fmt)
