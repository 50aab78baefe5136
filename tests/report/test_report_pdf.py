"""`kyoso report --format pdf`: A4, Japanese fonts embedded, the key values in the text, pages that render."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .conftest import run_report


@pytest.fixture(scope="module")
def pdf(report_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "report.pdf"
    done = run_report(report_data_dir, "--prefecture", "31", "--period", "FY2025Q3", "--format", "pdf",
                      "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout


def test_a4_with_embedded_japanese_fonts(pdf):
    info = _run("pdfinfo", str(pdf))
    assert "595.28 x 841.89 pts (A4)" in info
    fonts = _run("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)  # embedded
    assert any("NotoSansCJKJP" in line for line in fonts)


def test_text_names_the_prefecture_and_key_values(pdf):
    text = _run("pdftotext", "-layout", str(pdf), "-")
    assert "鳥取県" in text and "2025年度第3四半期" in text
    assert "5.8%" in text  # 通いの場参加率 (3150 + 2600) / (55300 + 43200) = 5.84 %
    assert "10.5%" in text  # 完了率 2 / 19
    assert "このペースでは段階4到達は2026年度第2四半期（予定より1四半期早い）" in text.replace("\n", "")
    cells = _run("pdftotext", str(pdf), "-").replace("\n", "")  # reading order: a wrapped cell stays together
    assert "鳥取市のタウンミーティング回数を訂正しました。" in cells
    assert "取り下げ" in text


def test_pages_render(pdf, tmp_path):
    _run("pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page"))
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 3 <= len(pages) <= 8
    assert all(page.stat().st_size > 5_000 for page in pages)
