"""The prefecture profile's tables: its municipalities (search, sort, filter) and its submission history."""

from __future__ import annotations

import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from dashboards import data
from dashboards.components import displayable, downloads, note, table, table_with_downloads
from dashboards.formatting import Catalog, label_of
from dashboards.state import AppState
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
                     ("rejected", "却下", "Rejected"), ("duplicate", "重複", "Duplicate")]


def municipality_frame(snap: data.Snapshot, period: str, lang: str, prefecture_codes: list[str] | None = None,
                       kinds: list[str] | None = None) -> pl.DataFrame:
    """Municipality rows with kind labels first, then every catalog indicator present at that level."""
    frame = data.municipalities(snap, period, prefecture_codes, kinds)
    indicators = data.indicators_in(snap, "mart_municipality_quarter")
    name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
    names = data.prefectures(snap).select("prefecture_code", pl.col(name_column).alias("prefecture"))
    frame = frame.join(names, on="prefecture_code", how="left")
    leading = ["municipality_code", "municipality_name", "prefecture_code", "prefecture", "kind_label"]
    frame = frame.with_columns(pl.col("kind_label_en" if lang == "en" else "kind_label_ja").alias("kind_label"))
    return frame.select(*leading, *[c for c in indicators if c not in leading])


class MunicipalityTable(Viewer):
    state = param.ClassSelector(class_=AppState)

    @param.depends("state.pref", "state.period", "state.lang", "state.data_version")
    def __panel__(self):
        snap, lang = data.snapshot(), self.state.lang
        frame = municipality_frame(snap, self.state.period, lang, [self.state.pref])
        if frame.is_empty():
            return note(t("no_municipal_data", lang))
        # the mart has a row wherever any form has data: say so when the municipal report itself is missing
        reported = frame["municipal_report_submitted"].any() if "municipal_report_submitted" in frame.columns \
            else True
        notes = [] if reported else [note(t("no_municipal_report", lang))]
        titles = {"municipality_code": "コード" if lang == "ja" else "Code",
                  "municipality_name": "市町村" if lang == "ja" else "Municipality",
                  "prefecture_code": t("prefecture", lang), "kind_label": t("kind", lang)}
        grid = table(frame, Catalog(data.catalog(snap)), lang, titles=titles, page_size=20, height=520,
                     frozen_columns=["municipality_name"],
                     hidden_columns=["prefecture_code", "prefecture", *CONSTANT_COLUMNS],
                     header_filters={"kind_label": {"type": "list", "valuesLookup": True, "clearable": True},
                                     "municipality_name": {"type": "input", "func": "like"}},
                     css_classes=["municipality-table"])
        search = pn.widgets.TextInput(name=t("search", lang), placeholder="例: 市 / 町 / コード", width=260,
                                      css_classes=["municipality-search"])
        shown = {"frame": frame}

        def filter_rows(event) -> None:
            text = (event.new or "").strip()
            shown["frame"] = frame.filter(pl.col("municipality_name").str.contains(text, literal=True)
                                          | pl.col("municipality_code").str.starts_with(text)) if text else frame
            grid.value = displayable(shown["frame"])

        search.param.watch(filter_rows, "value_input")
        name = f"municipalities_{self.state.pref}_{self.state.period}"
        return pn.Column(*notes, search, grid, downloads(lambda: shown["frame"], name, lang),
                         sizing_mode="stretch_width",
                         css_classes=["municipality-block"])


class SubmissionHistory(Viewer):
    state = param.ClassSelector(class_=AppState)

    @param.depends("state.pref", "state.lang", "state.data_version")
    def __panel__(self):
        snap, lang = data.snapshot(), self.state.lang
        frame = data.submissions(snap, self.state.pref)
        if frame.is_empty():
            return note(t("no_data", lang))
        ja = lang == "ja"
        frame = frame.with_columns(
            pl.col("form_label_ja" if ja else "form_label_en").fill_null(pl.col("form")).alias("form_label"),
            pl.col("status").map_elements(lambda s: label_of(SUBMISSION_STATUS, s, lang), return_dtype=pl.String)
            .alias("status_label"),
            pl.col("is_on_time").replace_strict({True: "✓", False: "✗ 期限後" if ja else "✗ late"}, default="―",
                                                return_dtype=pl.String).alias("on_time_label"),
        ).select("period", "form_label", "received_at_jst", "due_at_jst", "status_label", "on_time_label",
                 "row_count", "error_count", "warning_count", "file_name", "user_name", "submission_id", "form",
                 "status", "is_on_time")
        titles = {"period": t("period", lang), "form_label": t("form", lang),
                  "received_at_jst": "受信日時（JST）" if ja else "Received (JST)",
                  "due_at_jst": "提出期限" if ja else "Due", "status_label": "結果" if ja else "Outcome",
                  "on_time_label": "期限内" if ja else "On time", "row_count": "行数" if ja else "Rows",
                  "error_count": "エラー" if ja else "Errors", "warning_count": "警告" if ja else "Warnings",
                  "file_name": "ファイル" if ja else "File", "user_name": "提出者" if ja else "Submitted by",
                  "submission_id": "提出ID" if ja else "Submission ID"}
        return table_with_downloads(frame, f"submissions_{self.state.pref}", Catalog(data.catalog(snap)), lang,
                                    titles=titles, hidden_columns=["form", "status", "is_on_time"],
                                    header_filters={"form_label": {"type": "list", "valuesLookup": True},
                                                    "status_label": {"type": "list", "valuesLookup": True}},
                                    height=400, css_classes=["submission-history"])
