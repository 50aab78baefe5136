"""A prefecture's submission history: every file received, its outcome and whether it came in on time."""

from __future__ import annotations

import panel as pn
import polars as pl

from dashboards import data
from dashboards.components.batching import show_only
from dashboards.components.layout import note
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import label_of, period_label
from dashboards.texts import t
from pipelines.core.vocab import SUBMISSION_STATUSES


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
    status_labels = {code: label_of(SUBMISSION_STATUSES, code, lang) for code in frame["status"].unique().to_list()}
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
            show_only(self.layout, [self._empty])
            return
        name = f"submissions_{self.state.pref}"
        sheet = f"{data.prefecture_name(self.snap, self.state.pref, self.lang)} {t('submission_history', self.lang)}"
        if self.table is None:
            self.table = TableBlock(frame, name, self.catalog, self.lang, sheet=sheet, **self._kwargs)
        else:
            self.table.update(frame, name, sheet=sheet)
        show_only(self.layout, [self.table.layout])
