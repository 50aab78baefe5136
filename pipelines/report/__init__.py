"""The prefecture's quarterly report (SPEC §4.6): `kyoso report` and the profile's download button."""

from __future__ import annotations

from pathlib import Path

from pipelines.report.content import NoPublishedData, ReportContent, build_report

FORMATS = ("xlsx", "pdf")

__all__ = ["FORMATS", "NoPublishedData", "ReportContent", "build_report", "report_bytes", "report_file_name"]


def report_bytes(prefecture_code: str, period: str | None, fmt: str, snapshot: Path | None = None) -> bytes:
    """The report as .xlsx or .pdf bytes; raises NoPublishedData when there is nothing to report."""
    content = build_report(prefecture_code, period, snapshot)
    if fmt == "xlsx":
        from pipelines.report.xlsx import xlsx_bytes

        return xlsx_bytes(content)
    if fmt == "pdf":
        from pipelines.report.pdf import pdf_bytes

        return pdf_bytes(content)
    raise ValueError(f"unknown report format: {fmt}")


def report_file_name(prefecture_code: str, period: str, fmt: str) -> str:
    return f"kyoso_report_{prefecture_code}_{period}.{fmt}"
