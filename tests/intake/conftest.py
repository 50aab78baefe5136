"""Writers for intake test files (CSV in any encoding, .xlsx, Parquet) and valid sample rows per form."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest
import xlsxwriter

from pipelines.intake.forms import FORMS

Table = list[list[object]]

# Toyama (16) has 15 municipalities: small enough for a complete municipal report.
TOYAMA = {
    "162019": "富山市", "162027": "高岡市", "162043": "魚津市", "162051": "氷見市", "162060": "滑川市",
    "162078": "黒部市", "162086": "砺波市", "162094": "小矢部市", "162108": "南砺市", "162116": "射水市",
    "163210": "舟橋村", "163228": "上市町", "163236": "立山町", "163422": "入善町", "163431": "朝日町",
}  # fmt: skip


class Files:
    def __init__(self, root: Path) -> None:
        self.root = root

    def csv(self, name: str, table: Table, encoding: str = "utf-8") -> Path:
        """`encoding='utf-8-sig'` writes a BOM; 'cp932' writes Shift_JIS."""
        path = self.root / name
        with open(path, "w", encoding=encoding, newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(table)
        return path

    def xlsx(self, name: str, table: Table, sheet: str = "Sheet1", before: Sequence[str] = ()) -> Path:
        """Numbers (int/float) become numeric cells, everything else text; `before` adds sheets ahead."""
        path = self.root / name
        workbook = xlsxwriter.Workbook(str(path))
        for other in before:
            workbook.add_worksheet(other).write_column(0, 0, ["説明", "この様式に記入してください"])
        worksheet = workbook.add_worksheet(sheet)
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if isinstance(value, int | float):
                    worksheet.write_number(r, c, value)
                elif value not in (None, ""):
                    worksheet.write_string(r, c, str(value))
        workbook.close()
        return path

    def parquet(self, name: str, columns: dict[str, pl.Series | list]) -> Path:
        path = self.root / name
        pl.DataFrame(columns).write_parquet(path)
        return path

    def raw(self, name: str, data: bytes) -> Path:
        path = self.root / name
        path.write_bytes(data)
        return path


@pytest.fixture
def files(tmp_path: Path) -> Files:
    return Files(tmp_path)


def form_table(form: str, records: list[dict[str, object]], headers: dict[str, str] | None = None) -> Table:
    """Header row (Japanese headers, or `headers` overrides by key) and one row per record (missing → '')."""
    columns = FORMS[form].columns
    header = [(headers or {}).get(column.key, column.header_ja) for column in columns]
    return [header, *([record.get(column.key, "") for column in columns] for record in records)]


def municipal_record(code: str, name: str, **values: object) -> dict[str, object]:
    record: dict[str, object] = {
        "municipality_code": code,
        "municipality_name": name,
        "fiscal_year": "令和7年度",
        "quarter": "第1四半期",
        "population_65plus": "12,000",
        "daily_living_areas": "3",
        "sc_layer1_count": "1",
        "sc_layer2_areas_covered": "2",
        "council_layer1": "有",
        "council_layer2_areas": "3",
        "partnership_program": "無",
        "town_meetings": "2",
        "meeting_participants_residents": "40",
        "meeting_participants_orgs": "10",
        "projects_started": "1",
        "pilots_running": "0",
        "kayoi_participants": "700",
        "program_spend_kyen": "3500",
    }
    record.update(values)
    return record


def actor_record(**values: object) -> dict[str, object]:
    record: dict[str, object] = {
        "municipality_code": "162019",
        "fiscal_year": "2025",
        "quarter": "1",
        "actor_name": "株式会社とやま配食",
        "corporate_number": "7000012050002",
        "actor_type": "民間企業",
        "domains": "食事、見守り",
        "service_category": "訪問型サービスA",
        "model_type": "①-1",
        "start_month": "2025-04",
    }
    record.update(values)
    return record


def platform_record(**values: object) -> dict[str, object]:
    record: dict[str, object] = {
        "prefecture_code": "16",
        "fiscal_year": "2025",
        "quarter": "1",
        "stage": "検討開始",
        "member_orgs": "12",
        "events": "1",
        "trainings": "2",
        "matches": "3",
        "fund_used_kyen": "1500",
        "linked_national": "はい",
    }
    record.update(values)
    return record


def survey_record(respondent_id: str, **values: object) -> dict[str, object]:
    record: dict[str, object] = {
        "municipality_code": "162019",
        "fiscal_year": "2025",
        "quarter": "1",
        "respondent_id": respondent_id,
        "age_band": "70-74",
        "participates": "1",
        "domains_used": "買い物",
        "domains_wanted": "移動、交流",
        "satisfaction": "4",
    }
    record.update(values)
    return record


def toyama_report(**values: object) -> Table:
    """A complete, valid municipal report of Toyama; keyword arguments override every row's values."""
    return form_table("municipal_report", [municipal_record(c, n, **values) for c, n in TOYAMA.items()])


@pytest.fixture
def make() -> SimpleNamespace:
    """Builders of valid sample rows per form (override any value by key) and of whole tables."""
    return SimpleNamespace(
        table=form_table,
        municipal=municipal_record,
        actor=actor_record,
        platform=platform_record,
        survey=survey_record,
        toyama_report=toyama_report,
        toyama=TOYAMA,
    )
