"""The prefecture profile's tables: its municipalities (search, sort, filter) and its submission history."""

from __future__ import annotations

import panel as pn
import polars as pl

from dashboards import data
from dashboards.components.batching import set_objects
from dashboards.components.layout import note
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import label_of, period_label
from dashboards.links import LINK_COLUMN, NAME_LINK, with_profile_links
from dashboards.texts import t

# The four forms (as the `forms` seed and mart_submissions.form_label_*), plus the catalog's other sources.
FORM_LABELS = [("municipal_report", "市町村四半期報告", "Municipal quarterly report"),
               ("actor_roster", "多様な主体参画状況", "Engagement of diverse actors"),
               ("platform_status", "都道府県プラットフォーム構築状況", "Prefecture platform status"),
               ("survey_responses", "高齢者アンケート", "Survey of older residents")]
# Columns about a single municipality reporting itself (1, 1, 100 %): in downloads, not on screen.
CONSTANT_COLUMNS = ["municipalities_total", "municipalities_reported", "completeness"]
SUBMISSION_STATUS = [("accepted", "受理（有効）", "Accepted (effective)"),
                     ("superseded", "受理（差替え済み）", "Superseded"),
                     ("rejected", "差し戻し", "Returned"), ("duplicate", "重複", "Duplicate"),
                     ("withdrawn", "取り下げ", "Withdrawn")]


def prefecture_name(snap: data.Snapshot, code: str, lang: str) -> str:
    row = data.prefectures(snap).filter(pl.col("prefecture_code") == code).to_dicts()
    return (row[0]["prefecture_name_en" if lang == "en" else "prefecture_name"]) if row else code


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
                "sheet": f"{prefecture_name(self.snap, self.state.pref, lang)} {t('municipality_table', lang)}"}

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


def submission_frame(snap: data.Snapshot, audience: data.Audience, pref: str, lang: str) -> pl.DataFrame:
    """The prefecture's submission register with labels in the language (newest first); file and user names
    only for an audience that may see this prefecture's submission details."""
    frame = data.submissions(snap, audience, pref)
    if frame.is_empty():
        return frame
    ja = lang == "ja"
    scope = audience.detail_scope()
    details = ["file_name", "user_name"] if scope is None or pref in scope else []
    notes = ["note"] if "note" in frame.columns else []  # written for readers: shown to everyone (SPEC §4.5)
    status_labels = {code: label_of(SUBMISSION_STATUS, code, lang) for code in frame["status"].unique().to_list()}
    return frame.with_columns(
        pl.col("period").map_elements(lambda p: period_label(p, lang), return_dtype=pl.String),
        pl.col("form_label_ja" if ja else "form_label_en").fill_null(pl.col("form")).alias("form_label"),
        pl.col("status").replace_strict(status_labels, return_dtype=pl.String).alias("status_label"),
        pl.col("is_on_time").replace_strict({True: "✓", False: "✗ 期限後" if ja else "✗ late"}, default="―",
                                            return_dtype=pl.String).alias("on_time_label"),
    ).select("period", "form_label", "received_at_jst", "due_at_jst", "status_label", "on_time_label",
             "row_count", "error_count", "warning_count", *notes, *details, "submission_id", "form", "status",
             "is_on_time")


class SubmissionHistory(View):
    depends = ("pref",)

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang = self.lang
        ja = lang == "ja"
        titles = {"period": t("period", lang), "form_label": t("form", lang),
                  "received_at_jst": "受信日時（JST）" if ja else "Received (JST)",
                  "due_at_jst": "提出期限" if ja else "Due", "status_label": "結果" if ja else "Outcome",
                  "on_time_label": "期限内" if ja else "On time", "row_count": "行数" if ja else "Rows",
                  "error_count": "エラー" if ja else "Errors", "warning_count": "警告" if ja else "Warnings",
                  "note": "提出者の注記" if ja else "Submitter's note", "file_name": "ファイル" if ja else "File",
                  "user_name": "提出者" if ja else "Submitted by",
                  "submission_id": "提出ID" if ja else "Submission ID"}
        self._kwargs = {"titles": titles, "hidden_columns": ["form", "status", "is_on_time"],
                        "header_filters": {"form_label": {"type": "list", "valuesLookup": True},
                                           "status_label": {"type": "list", "valuesLookup": True}},
                        "height": 400, "css_classes": ["submission-history"]}
        self._empty = note(t("no_data", lang))
        self.table = None
        self.layout = pn.Column(self._empty, sizing_mode="stretch_width")

    def update(self) -> None:
        frame = data.memo_of(self.snap, submission_frame, self.state.audience, self.state.pref, self.lang)
        if frame.is_empty():
            set_objects(self.layout, [self._empty])
            return
        name = f"submissions_{self.state.pref}"
        sheet = f"{prefecture_name(self.snap, self.state.pref, self.lang)} {t('submission_history', self.lang)}"
        if self.table is None:
            self.table = TableBlock(frame, name, self.catalog, self.lang, sheet=sheet, **self._kwargs)
        else:
            self.table.update(frame, name, sheet=sheet)
        set_objects(self.layout, [self.table.layout])
