"""`kyoso report --format xlsx`: one sheet per section, real numbers equal to the published marts."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from .conftest import published_rows, run_report

PREFECTURE, PERIOD = "31", "FY2025Q3"


@pytest.fixture(scope="module")
def workbook(report_data_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("xlsx") / "鳥取県 [報告].xlsx"  # a name with brackets and spaces is only a name
    done = run_report(report_data_dir, "--prefecture", "鳥取県", "--period", PERIOD, "--format", "xlsx",
                      "--out", str(out))
    assert done.returncode == 0, done.stderr
    return openpyxl.load_workbook(out)


def _table(sheet) -> list[dict]:
    """Rows under the header row (row 3), up to the blank row before the note, keyed by the column names."""
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    header, table = rows[0], []
    for row in rows[1:]:
        if row[0] is None:
            break
        table.append(dict(zip(header, row, strict=False)))
    return table


def _same(cell, published) -> bool:
    if published is None:
        return cell is None
    return cell == pytest.approx(published, rel=1e-12)


def test_one_sheet_per_section(workbook):
    assert workbook.sheetnames == ["表紙", "主要指標", "構築段階", "到達見通し", "前期からの変化", "公開更新による修正",
                                   "主体の構成", "モデル類型", "分野", "提出状況"]
    for sheet in workbook.worksheets:
        assert sheet.page_setup.paperSize == 9  # A4


def test_key_indicators_equal_the_published_marts(workbook, report_data_dir):
    catalog = {r["name_ja"]: r["code"] for r in published_rows(report_data_dir, "select * from indicator_catalog")}
    mine = published_rows(report_data_dir, "select * from mart_prefecture_quarter where prefecture_code = ? "
                                           "and period = ?", [PREFECTURE, PERIOD])[0]
    nation = published_rows(report_data_dir, "select * from mart_national_quarter where period = ?", [PERIOD])[0]
    rows = _table(workbook["主要指標"])
    assert len(rows) == 25
    for row in rows:
        code = catalog[row["指標"]]
        assert _same(row["当期値"], mine[code]), code
        assert _same(row["全国値"], nation.get(code)), code


def test_hand_values_and_number_formats(workbook):
    sheet = workbook["主要指標"]
    by_name = {row[0].value: row for row in sheet.iter_rows(min_row=4) if row[0].value}
    kayoi = by_name["通いの場参加率"]
    assert kayoi[2].value == pytest.approx((3150 + 2600) / (55300 + 43200))  # 鳥取市 + 米子市 (S030)
    assert kayoi[2].number_format == "0.0%"
    assert kayoi[4].value == pytest.approx(0.08)  # the catalog's target
    meetings = by_name["タウンミーティング等開催回数"]
    assert meetings[2].value == 2 and meetings[3].value == 2  # only 31 reported FY2025Q3
    assert meetings[2].number_format == "#,##0"
    assert by_name["完了率"][2].value == pytest.approx(2 / 19)


def test_stage_and_projection_sheets(workbook, report_data_dir):
    timeline = _table(workbook["構築段階"])
    assert [r["期間"] for r in timeline] == ["2025年度第1四半期", "2025年度第2四半期", "2025年度第3四半期"]
    assert [r["構築段階"] for r in timeline] == [1, 1, 1]  # Q3 carried forward
    assert timeline[-1]["目標段階"] == 2 and timeline[-1]["状況"] == "遅れ"
    projection = {r["段階"]: r for r in _table(workbook["到達見通し"])}
    published = published_rows(report_data_dir, "select * from mart_prefecture_stage_projection "
                                                "where prefecture_code = ? order by stage", [PREFECTURE])
    for row in published:
        sheet_row = next(v for k, v in projection.items() if k.startswith(f"段階{row['stage']}"))
        assert sheet_row["予定比の遅れ（四半期）"] == row["quarters_late"]
    # 31: stage 1 at FY2025Q1, 3 at FY2025Q4 → pace 3 / 2; stage 4 at 8103 + ceil(1.5) = FY2026Q2, scheduled FY2026Q3
    assert projection["段階4 運用"]["到達見込み期"] == "2026年度第2四半期"
    assert projection["段階4 運用"]["予定比の遅れ（四半期）"] == -1
    cover = [row[0].value for row in workbook["表紙"].iter_rows()]
    assert "このペースでは段階4到達は2026年度第2四半期（予定より1四半期早い）" in cover


def test_changes_submissions_and_notes(workbook):
    changes = _table(workbook["公開更新による修正"])
    meetings = next(r for r in changes if r["指標"] == "タウンミーティング等開催回数")
    assert (meetings["旧値"], meetings["新値"]) == (0, 2)
    assert meetings["原因となった提出"] == "S023, S024, S030, S031"
    assert meetings["提出者の備考"] == "鳥取市のタウンミーティング回数を訂正しました。"
    by_id = {r["提出ID"]: r for r in _table(workbook["提出状況"])}
    assert by_id["S030"]["状態"] == "受理（有効）"
    assert by_id["S030"]["備考"] == "鳥取市のタウンミーティング回数を訂正しました。"
    assert by_id["S023"]["状態"] == "差し替え済み"
    assert by_id["S024"]["状態"] == "取り下げ"
    period_changes = {r["指標"]: r for r in _table(workbook["前期からの変化"])}
    assert period_changes["タウンミーティング等開催回数"]["前期値"] == 8  # FY2025Q2: 5 + 2 + 1
    assert period_changes["タウンミーティング等開催回数"]["増減"] == -6


def test_actor_and_domain_sheets_empty_without_roster(workbook):
    actors = _table(workbook["主体の構成"])
    assert len(actors) == 11 and all(r["参画件数"] is None for r in actors)
    assert len(_table(workbook["分野"])) == 23
    assert len(_table(workbook["モデル類型"])) == 4
