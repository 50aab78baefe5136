"""提出状況・データ品質 — the 47 × period submission matrix and the validation issues list."""

from __future__ import annotations

import html

import panel as pn
import polars as pl

from dashboards import data, submission_status
from dashboards.components.batching import set_objects
from dashboards.components.chart_table import ChartTable
from dashboards.components.layout import heading, note
from dashboards.components.page import Page, View
from dashboards.components.tables import TableBlock, table_with_downloads
from dashboards.formatting import SUBMISSION, label_of, period_label, period_short
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


def matrix_html(matrix: pl.DataFrame, periods: list[str], lang: str) -> str:
    """An HTML table: one row per prefecture, one cell per period with symbol, colour and the status in words."""
    name_column = "prefecture_name_en" if lang == "en" and "prefecture_name_en" in matrix.columns \
        else "prefecture_name"
    head = "".join(f"<th scope='col'>{period_short(p, lang)}</th>" for p in periods)
    body = []
    for (_code, name), cells in matrix.group_by("prefecture_code", name_column, maintain_order=True):
        by_period = {row["period"]: row for row in cells.to_dicts()}
        tds = []
        for period in periods:
            status = SUBMISSION[by_period.get(period, {}).get("status", "missing")]
            label = html.escape(f"{name} {period_label(period, lang)}: {status.label(lang)}")
            tds.append(f"<td style='background:{status.colour}' title='{label}'>{status.symbol}"
                       f"<span class='visually-hidden'> {html.escape(status.label(lang)[2:])}</span></td>")
        body.append(f"<tr><th scope='row' class='pref'>{html.escape(name)}</th>{''.join(tds)}</tr>")
    legend = "".join(f"<span class='legend-chip' style='background:{s.colour}'>{s.label(lang)}</span>"
                     for s in SUBMISSION.values())
    caption = t("matrix_title", lang)
    return (f"<div>{legend}</div><div class='matrix-scroll' role='region' tabindex='0' aria-label='{caption}'>"
            f"<table class='matrix'><caption class='visually-hidden'>{caption}</caption><thead><tr>"
            f"<th scope='col'>{t('prefecture', lang)}</th>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>")


class MatrixView(View):
    """The chosen form's submission status per prefecture and period, with its table; follows the form select."""

    def __init__(self, state, snap, form: pn.widgets.Select):
        super().__init__(state, snap)
        self._form = form
        self.layout = pn.Column(sizing_mode="stretch_width")
        form.param.watch(self._show, "value")
        self._show()

    def _show(self, *_) -> None:
        snap, lang, form = self.snap, self.lang, self._form.value
        summary, matrix_table, status_text = data.memo_of(snap, _matrix_views, form, lang)
        chart = pn.Column(note(summary), pn.pane.HTML(matrix_table))
        name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
        titles = {"prefecture_code": t("code", lang), name_column: t("prefecture", lang),
                  "period": t("period", lang), "status_label": t("submission_state", lang)}
        table = TableBlock(status_text.select("prefecture_code", name_column, "period", "status_label"),
                           f"submission_matrix_{form}", self.catalog, lang, page_size=47, height=420,
                           titles=titles, sheet=f"{t('matrix_short', lang)} {label_of(FORM_LABELS, form, lang)}")
        set_objects(self.layout, [ChartTable(chart, [table], lang).tabs])


def _matrix_views(snap: data.Snapshot, form: str, lang: str) -> tuple[str, str, pl.DataFrame]:
    """(summary line, matrix HTML, matrix with status labels) of one form: shared by every session."""
    matrix = submission_status.matrix(snap, form)
    periods = data.periods(snap)
    status_text = matrix.with_columns(pl.col("status").replace_strict(
        {k: v.label(lang) for k, v in SUBMISSION.items()}).alias("status_label"))
    counts = matrix.group_by("period", "status").len().pivot(on="status", index="period", values="len")
    summary = " ／ ".join(
        f"{SUBMISSION[s].label(lang)} {int(counts.filter(pl.col('period') == periods[-1])[s].sum())}"
        for s in SUBMISSION if s in counts.columns) if periods else ""
    return (f"{period_label(periods[-1], lang) if periods else ''}: {summary}", matrix_html(matrix, periods, lang),
            status_text)


class IssuesView(View):
    """The validation issues this audience may see, filterable, with downloads."""

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.layout = self._content()

    def _content(self):
        snap, lang, audience = self.snap, self.lang, self.state.audience
        if audience.role == data.GUEST:
            return note(label_of(ISSUE_SCOPE, "guest", lang))
        issues = data.validation_issues(snap, audience)
        scope_note = [note(label_of(ISSUE_SCOPE, "prefecture", lang))] if audience.role == data.PREFECTURE else []
        if issues.is_empty():
            return pn.Column(*scope_note, note(t("no_issues", lang)), sizing_mode="stretch_width")
        ja = lang == "ja"
        message = "message_en" if lang == "en" else "message_ja"
        issues = issues.with_columns(
            pl.col("period").map_elements(lambda p: period_label(p, lang), return_dtype=pl.String),
            pl.col("severity").map_elements(lambda s: label_of(SEVERITY, s, lang), return_dtype=pl.String)
            .alias("severity_label"),
            pl.col("form").map_elements(lambda f: label_of(FORM_LABELS, f, lang), return_dtype=pl.String)
            .alias("form_label"),
        )
        front = ["received_at_jst", "prefecture_name", "period", "form_label", "severity_label", message,
                 "excel_row", "column_name", "value", "rule", "sheet", "file_name", "submission_status",
                 "submission_id", "issue_no"]
        issues = issues.select(front + [c for c in issues.columns if c not in front])
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


class SubmissionsPage(Page):
    def build(self, snap: data.Snapshot) -> list:
        lang, state = self.state.lang, self.state
        form = pn.widgets.Select(
            name=t("form", lang), options={(en if lang == "en" else ja): code for code, ja, en in FORM_LABELS},
            value="municipal_report", width=300, css_classes=["form-select"])
        return [form, heading(t("matrix_title", lang)), self.add(MatrixView(state, snap, form)),
                heading(t("issues_title", lang)), self.add(IssuesView(state, snap))]
