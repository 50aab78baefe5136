"""The validation issues an audience may see (SPEC §4.5), filterable, with downloads."""

from __future__ import annotations

import panel as pn
import polars as pl

from dashboards import data
from dashboards.components.layout import note
from dashboards.components.page import View
from dashboards.components.tables import table_with_downloads
from dashboards.formatting import label_of, period_label
from dashboards.texts import FORM_LABELS, t

# Whose validation issues the list holds (SPEC §4.5: submission details are not for everyone).
ISSUE_SCOPE = [
    ("guest", "検証結果の詳細（ファイル名・該当値など）は、厚生労働省と提出した都道府県のアカウントにのみ"
              "表示されます。ログインすると閲覧できます。",
              "Validation details (file names, offending values) are shown only to ministry accounts and to the "
              "submitting prefecture's accounts. Log in to see them."),
    ("prefecture", "自都道府県の提出の検証結果のみ表示しています。",
     "Only your prefecture's validation issues are shown."),
]


SEVERITY = [("error", "✗ エラー", "✗ Error"), ("warning", "! 警告", "! Warning")]


class IssuesView(View):
    """The validation issues this audience may see, filterable, with downloads."""

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.layout = self._content()

    def _content(self):
        snap, lang, audience = self.snap, self.lang, self.state.audience
        if audience.role == data.GUEST:
            return note(label_of(ISSUE_SCOPE, "guest", lang))
        issues = data.memo_of(snap, labelled_issues, audience, lang)
        scope_note = [note(label_of(ISSUE_SCOPE, "prefecture", lang))] if audience.role == data.PREFECTURE else []
        if issues.is_empty():
            return pn.Column(*scope_note, note(t("no_issues", lang)), sizing_mode="stretch_width")
        ja = lang == "ja"
        message = "message_en" if lang == "en" else "message_ja"
        filters = {c: {"type": "list", "valuesLookup": True, "clearable": True}
                   for c in ("prefecture_name", "period", "form_label", "severity_label", "rule")}
        filters["column_name"] = {"type": "input", "func": "like"}
        titles = {"received_at_jst": "受信日時（JST）" if ja else "Received (JST)",
                  "prefecture_name": t("prefecture", lang), "period": t("period", lang),
                  "form_label": t("form", lang), "severity_label": t("severity", lang),
                  "sheet": "シート" if ja else "Sheet", "excel_row": "行（Excel）" if ja else "Row (Excel)",
                  "column_name": "列" if ja else "Column", "value": "値" if ja else "Value",
                  "rule": "ルール" if ja else "Rule", message: "メッセージ" if ja else "Message",
                  "file_name": "ファイル" if ja else "File", "submission_status": "提出の結果" if ja else "Outcome",
                  "submission_id": "提出ID" if ja else "Submission ID", "issue_no": "No."}
        other_language = "message_ja" if lang == "en" else "message_en"
        hidden = [other_language, "severity", "form", "form_label_ja", "prefecture_code", "fiscal_year", "quarter"]
        table = table_with_downloads(issues, "validation_issues", self.catalog, lang, titles=titles,
                                     sheet=t("issues_title", lang),
                                     header_filters=filters, hidden_columns=hidden, page_size=25, height=560,
                                     widths={message: 420}, formatters={message: {"type": "textarea"}},
                                     css_classes=["issues-table"])
        return pn.Column(*scope_note, table, sizing_mode="stretch_width")


def labelled_issues(snap: data.Snapshot, audience: data.Audience, lang: str) -> pl.DataFrame:
    """The issues this audience may see with period, severity and form in words, the columns in the list's
    order: one frame per snapshot, audience and language, shared by the sessions."""
    issues = data.validation_issues(snap, audience).with_columns(
        pl.col("period").map_elements(lambda p: period_label(p, lang), return_dtype=pl.String),
        pl.col("severity").map_elements(lambda s: label_of(SEVERITY, s, lang), return_dtype=pl.String)
        .alias("severity_label"),
        pl.col("form").map_elements(lambda f: label_of(FORM_LABELS, f, lang), return_dtype=pl.String)
        .alias("form_label"),
    )
    if lang == "en":
        english = dict(data.prefectures(snap).select("prefecture_code", "prefecture_name_en").rows())
        issues = issues.with_columns(pl.col("prefecture_code").replace_strict(
            english, default=pl.col("prefecture_name"), return_dtype=pl.String).alias("prefecture_name"))
    message = "message_en" if lang == "en" else "message_ja"
    front = ["received_at_jst", "prefecture_name", "period", "form_label", "severity_label", message,
             "excel_row", "column_name", "value", "rule", "sheet", "file_name", "submission_status",
             "submission_id", "issue_no"]
    return issues.select(front + [c for c in issues.columns if c not in front])
