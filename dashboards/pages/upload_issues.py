"""The upload page's validation report: every error and warning of the file, filterable by rule and column,
with downloads of the whole list."""

from __future__ import annotations

import io

import panel as pn
from panel.viewable import Viewer

from dashboards.components.tables import plain_table
from dashboards.pages import upload_report as report
from dashboards.texts import t


class IssueReport(Viewer):
    """Empty until `show` is given the issues of a submission."""

    def __init__(self) -> None:
        super().__init__()
        self._column = pn.Column(sizing_mode="stretch_width")

    def show(self, issues: list[dict], lang: str) -> None:
        if not issues:
            self._column.objects = []
            return
        rule = pn.widgets.Select(
            name=t("filter_rule", lang),
            options=report.filter_options(issues, "rule", lang),
            css_classes=["issue-filter-rule"],
            width=280,
        )
        column = pn.widgets.Select(
            name=t("filter_column", lang),
            options=report.filter_options(issues, "column", lang),
            css_classes=["issue-filter-column"],
            width=280,
        )
        table = plain_table(report.for_screen(report.issues_frame(issues, lang)), "upload-issues", lang,
                            page_size=20, pagination="local")

        def refilter(*_):
            table.value = report.for_screen(
                report.issues_frame(issues, lang, rule.value or None, column.value or None)
            ).to_pandas()

        rule.param.watch(refilter, "value")
        column.param.watch(refilter, "value")
        downloads = pn.Row(
            pn.widgets.FileDownload(
                callback=lambda: io.BytesIO(report.issues_xlsx(issues, lang)),
                filename="validation_issues.xlsx",
                label=t("download_all_xlsx", lang),
                button_type="light",
                css_classes=["download-issues-xlsx"],
            ),
            pn.widgets.FileDownload(
                callback=lambda: io.BytesIO(report.issues_csv(issues, lang)),
                filename="validation_issues.csv",
                label=t("download_all_csv", lang),
                button_type="light",
                css_classes=["download-issues-csv"],
            ),
        )
        heading = f"<h3 class='section-heading'>{t('issues_heading', lang)}</h3>"
        self._column.objects = [pn.pane.HTML(heading), pn.Row(rule, column), downloads, table]

    def __panel__(self):
        return self._column
