"""`kyoso report` exit statuses (SPEC §1.3): 0 written, 1 no published data for it, 2 usage error."""

from __future__ import annotations

import pytest

from .conftest import run_report


@pytest.mark.parametrize(("args", "status", "message"), [
    (["--prefecture", "99", "--format", "pdf"], 2, "unknown prefecture"),
    (["--prefecture", "31", "--period", "2025Q3", "--format", "xlsx"], 2, "not a period"),
    (["--prefecture", "31", "--format", "docx"], 2, "usage"),
    (["--prefecture", "31", "--period", "FY2029Q1", "--format", "xlsx"], 1, "no published data"),
    (["--prefecture", "02", "--format", "xlsx"], 1, "no effective submission"),
], ids=["prefecture", "period", "format", "unpublished-period", "prefecture-without-data"])
def test_refusals(report_data_dir, tmp_path, args, status, message):
    out = tmp_path / "r.out"
    done = run_report(report_data_dir, *args, "--out", str(out))
    assert done.returncode == status, done.stderr
    assert message in done.stderr
    assert not out.exists()


def test_nothing_published(tmp_path):
    done = run_report(tmp_path / "data", "--prefecture", "31", "--format", "pdf", "--out", str(tmp_path / "r.pdf"))
    assert done.returncode == 1
    assert "公開データがありません" in done.stderr and "nothing has been published" in done.stderr


def test_default_period_is_the_latest(report_data_dir, tmp_path):
    out = tmp_path / "r.xlsx"
    done = run_report(report_data_dir, "--prefecture", "神奈川県", "--format", "xlsx", "--out", str(out))
    assert done.returncode == 0, done.stderr
    import openpyxl

    title = openpyxl.load_workbook(out)["表紙"]["A1"].value
    assert title == "神奈川県 四半期報告 2025年度第4四半期"
