"""The 47 × period submission matrix of one form: a status symbol, colour and words per cell, with its table."""

from __future__ import annotations

import html

import panel as pn
import polars as pl

from dashboards import data, submission_status
from dashboards.components.batching import set_objects
from dashboards.components.chart_table import ChartTable
from dashboards.components.layout import note
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import SUBMISSION, label_of, period_label, period_short
from dashboards.texts import FORM_LABELS, t


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
