"""提出状況・データ品質 — the 47 × period submission matrix and the validation issues list."""

from __future__ import annotations

import html

import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from dashboards import data, submission_status
from dashboards.components import heading, note, table_with_downloads
from dashboards.formatting import SUBMISSION, Catalog
from dashboards.pages.prefecture_tables import FORM_LABELS
from dashboards.state import AppState
from dashboards.texts import t


def matrix_html(matrix: pl.DataFrame, periods: list[str], lang: str) -> str:
    """An HTML table: one row per prefecture, one cell per period with symbol, colour and a spoken label."""
    head = "".join(f"<th scope='col'>{p}</th>" for p in periods)
    body = []
    for (code, name), cells in matrix.group_by("prefecture_code", "prefecture_name", maintain_order=True):
        by_period = {row["period"]: row for row in cells.to_dicts()}
        tds = []
        for period in periods:
            status = SUBMISSION[by_period.get(period, {}).get("status", "missing")]
            label = html.escape(f"{name} {period}: {status.label(lang)}")
            tds.append(f"<td style='background:{status.colour}' title='{label}' aria-label='{label}'>"
                       f"{status.symbol}</td>")
        body.append(f"<tr><th scope='row' class='pref'>{code} {html.escape(name)}</th>{''.join(tds)}</tr>")
    legend = "".join(f"<span class='legend-chip' style='background:{s.colour}'>{s.label(lang)}</span>"
                     for s in SUBMISSION.values())
    return (f"<div>{legend}</div><table class='matrix' role='grid'><thead><tr><th></th>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


class MatrixView(Viewer):
    state = param.ClassSelector(class_=AppState)
    form = param.String(default="municipal_report", allow_refs=True)

    @param.depends("form", "state.lang", "state.data_version")
    def __panel__(self):
        snap, lang = data.snapshot(), self.state.lang
        matrix = submission_status.matrix(snap, self.form)
        periods = data.periods(snap)
        status_text = matrix.with_columns(pl.col("status").replace_strict(
            {k: v.label(lang) for k, v in SUBMISSION.items()}).alias("status_label"))
        counts = matrix.group_by("period", "status").len().pivot(on="status", index="period", values="len")
        summary = " ／ ".join(
            f"{SUBMISSION[s].label(lang)} {int(counts.filter(pl.col('period') == periods[-1])[s].sum())}"
            for s in SUBMISSION if s in counts.columns) if periods else ""
        return pn.Tabs(
            (t("chart", lang), pn.Column(note(f"{periods[-1] if periods else ''}: {summary}"),
                                         pn.pane.HTML(matrix_html(matrix, periods, lang)))),
            (t("table", lang), table_with_downloads(status_text, f"submission_matrix_{self.form}",
                                                    Catalog(data.catalog(snap)), lang, page_size=47, height=420)),
            dynamic=True, sizing_mode="stretch_width")


class IssuesView(Viewer):
    state = param.ClassSelector(class_=AppState)

    @param.depends("state.lang", "state.data_version")
    def __panel__(self):
        snap, lang = data.snapshot(), self.state.lang
        issues = data.validation_issues(snap)
        message = "message_en" if lang == "en" else "message_ja"
        front = ["prefecture_code", "prefecture_name", "period", "form", "severity", "sheet", "row_number",
                 "column_name", "value", "rule", message, "submission_id", "issue_no"]
        issues = issues.select([c for c in front if c in issues.columns] +
                               [c for c in issues.columns if c not in front])
        if "received_at" in issues.columns:
            issues = issues.sort("received_at", "issue_no", descending=[True, False])
        filters = {c: {"type": "list", "valuesLookup": True, "clearable": True}
                   for c in ("prefecture_name", "period", "form", "severity", "rule") if c in issues.columns}
        filters["column_name"] = {"type": "input", "func": "like"}
        ja = lang == "ja"
        titles = {"prefecture_code": "", "prefecture_name": t("prefecture", lang), "period": t("period", lang),
                  "form": t("form", lang),
                  "severity": t("severity", lang), "sheet": "シート" if ja else "Sheet",
                  "row_number": "行" if ja else "Row", "column_name": "列" if ja else "Column",
                  "value": "値" if ja else "Value", "rule": "ルール" if ja else "Rule",
                  message: "メッセージ" if ja else "Message"}
        return table_with_downloads(issues, "validation_issues", Catalog(data.catalog(snap)), lang, titles=titles,
                                    header_filters=filters, page_size=25, height=560, css_classes=["issues-table"])


class SubmissionsPage(Viewer):
    state = param.ClassSelector(class_=AppState)

    @param.depends("state.lang", "state.data_version")
    def __panel__(self):
        lang = self.state.lang
        form = pn.widgets.RadioButtonGroup(
            name=t("form", lang), options={(en if lang == "en" else ja): code for code, ja, en in FORM_LABELS},
            value="municipal_report", button_type="primary", button_style="outline", css_classes=["form-select"])
        return pn.Column(
            form, heading(t("matrix_title", lang)), MatrixView(state=self.state, form=form.param.value),
            heading(t("issues_title", lang)), IssuesView(state=self.state), sizing_mode="stretch_width")
