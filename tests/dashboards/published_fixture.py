"""A small published snapshot made by the real pipeline: raw rows → the dbt project → `publish_snapshot`.

So the data-layer tests see exactly the tables and columns the dashboards get in production; only the raw
rows are made up. Two periods (FY2025Q1–Q2), three prefectures with data, and a submission register that
has one prefecture and period of each matrix status:

| prefecture, municipal_report | FY2025Q1                                  | FY2025Q2                      |
| ---------------------------- | ----------------------------------------- | ----------------------------- |
| 01 北海道                     | resubmitted (on time, then replaced late) | late                          |
| 13 東京都                     | on_time                                   | rejected (two errors, a warning) |
| 47 沖縄県                     | missing                                   | on_time (no rows)             |
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from pipelines.core.periods import TOKYO
from pipelines.warehouse.publish import publish_snapshot

DBT_TESTS = Path(__file__).resolve().parents[1] / "dbt"
if str(DBT_TESTS) not in sys.path:  # the dbt tests' helpers: raw warehouse and `dbt build`
    sys.path.insert(0, str(DBT_TESTS))

from dbt_warehouse import create_raw_warehouse, dbt_build, submission  # noqa: E402

SAPPORO, HAKODATE, CHIYODA, CHUO = "011002", "012025", "131016", "131024"
NAMES = {SAPPORO: "札幌市", HAKODATE: "函館市", CHIYODA: "千代田区", CHUO: "中央区"}
REFRESH_STATUS = {
    "state": "succeeded",
    "last_attempt_started_at": "2026-11-28T02:00:00+09:00",
    "last_success_at": "2026-11-28T02:00:41+09:00",
    "last_failure_at": None,
    "last_failure_reason": None,
    "latest_submission_received_at": "2025-10-20T09:00:00+09:00",
    "published_snapshot_at": "2026-11-28T02:00:41+09:00",
}


def jst(*args: int) -> datetime:
    return datetime(*args, tzinfo=TOKYO)


def _report(submission_id: str, code: str, quarter: int, scale: int) -> dict:
    """One municipal_report row; `scale` makes the municipalities differ."""
    return {
        "submission_id": submission_id, "prefecture_code": code[:2], "fiscal_year": 2025, "quarter": quarter,
        "period": f"FY2025Q{quarter}", "source_row": 1 + scale, "municipality_code": code,
        "municipality_name": NAMES[code], "population_65plus": 10_000 * scale, "daily_living_areas": 2 * scale,
        "sc_layer1_count": 1, "sc_layer2_areas_covered": scale + quarter, "council_layer1": scale % 2 == 1,
        "council_layer2_areas": scale, "partnership_program": quarter == 2, "town_meetings": scale + quarter,
        "meeting_participants_residents": 40 * scale, "meeting_participants_orgs": 5 * scale + quarter,
        "projects_started": scale, "pilots_running": quarter, "kayoi_participants": 600 * scale + 50 * quarter,
        "program_spend_kyen": 4_000 * scale,
    }  # fmt: skip


def _engagement(number: int, code: str, name: str, actor_type: str, domains: list[str], service: str) -> dict:
    return {
        "submission_id": "R13", "prefecture_code": code[:2], "fiscal_year": 2025, "quarter": 1,
        "period": "FY2025Q1", "source_row": number + 1, "municipality_code": code, "actor_name": name,
        "actor_name_normalized": name.replace(" ", ""), "corporate_number": None, "actor_type": actor_type,
        "domains": domains, "service_category": service, "model_type": None, "start_month": None,
    }  # fmt: skip


def _platform(submission_id: str, prefecture: str, quarter: int, stage: int) -> dict:
    return {
        "submission_id": submission_id, "prefecture_code": prefecture, "fiscal_year": 2025, "quarter": quarter,
        "period": f"FY2025Q{quarter}", "source_row": 2, "stage": stage, "member_orgs": 4 * stage, "events": 1,
        "trainings": 0, "matches": stage, "fund_used_kyen": 500, "linked_national": stage >= 3,
    }  # fmt: skip


def _respondent(number: int, participates: bool, used: list[str], wanted: list[str], satisfaction) -> dict:
    return {
        "submission_id": "V13", "prefecture_code": "13", "fiscal_year": 2025, "quarter": 1, "period": "FY2025Q1",
        "source_row": number + 1, "municipality_code": CHIYODA, "respondent_id": f"r{number}",
        "age_band": "75-79", "participates": participates, "domains_used": used, "domains_wanted": wanted,
        "satisfaction": satisfaction,
    }  # fmt: skip


def _issue(submission_id: str, number: int, severity: str, row: int | None, column: str, rule: str) -> dict:
    return {
        "submission_id": submission_id, "issue_no": number, "severity": severity, "sheet": "市町村四半期報告",
        "row_number": row, "column_name": column, "value": "x", "rule": rule,
        "message_ja": f"{column}の値が正しくありません", "message_en": f"{column} is not valid",
    }  # fmt: skip


def raw_rows() -> dict[str, list[dict]]:
    """Raw tables as the intake leaves them: every submission recorded, form rows of effective ones only."""
    return {
        "submissions": [
            submission("M1", "municipal_report", "01", 2025, 1, jst(2025, 7, 20, 10), "superseded", 2),
            submission("M2", "municipal_report", "01", 2025, 1, jst(2025, 8, 5, 9), "accepted", 2),
            submission("M3", "municipal_report", "01", 2025, 2, jst(2025, 11, 4, 15), "accepted", 2),
            submission("M4", "municipal_report", "13", 2025, 1, jst(2025, 7, 31, 23, 59, 59), "accepted", 2),
            submission("X1", "municipal_report", "13", 2025, 2, jst(2025, 10, 20, 9), "rejected", 2)
            | {"errors": 2, "warnings": 1},
            submission("M5", "municipal_report", "47", 2025, 2, jst(2025, 10, 1), "accepted", 0),
            submission("R13", "actor_roster", "13", 2025, 1, jst(2025, 7, 25), "accepted", 4),
            submission("P01", "platform_status", "01", 2025, 1, jst(2025, 7, 10)),
            submission("P13", "platform_status", "13", 2025, 2, jst(2025, 10, 5)),
            submission("V13", "survey_responses", "13", 2025, 1, jst(2025, 7, 28), "accepted", 3),
        ],
        "validation_issues": [
            _issue("X1", 1, "error", 3, "団体コード", "municipality_code.check_digit"),
            _issue("X1", 2, "error", 4, "タウンミーティング等開催回数", "town_meetings.negative"),
            _issue("X1", 3, "warning", 1, "備考", "header.extra_column"),
        ],
        "municipal_report": [
            _report("M2", SAPPORO, 1, 10), _report("M2", HAKODATE, 1, 3),
            _report("M3", SAPPORO, 2, 11), _report("M3", HAKODATE, 2, 3),
            _report("M4", CHIYODA, 1, 4), _report("M4", CHUO, 1, 5),
        ],
        "actor_roster": [
            _engagement(1, CHIYODA, "株式会社 ひまわり", "company", ["shopping", "meals"], "home_a"),
            _engagement(2, CHIYODA, "見守り会", "neighborhood_assoc", ["watching"], "other_support"),
            _engagement(3, CHUO, "福祉会", "social_welfare", ["care", "meals"], "day_a"),
            _engagement(4, CHUO, "NPOささえ", "npo", ["mobility"], "outside"),
        ],
        "platform_status": [_platform("P01", "01", 1, 1), _platform("P13", "13", 2, 2)],
        "survey_responses": [
            _respondent(1, True, ["shopping"], ["shopping", "meals"], 4),
            _respondent(2, False, [], ["meals", "mobility"], 3),
            _respondent(3, True, ["watching"], ["watching"], None),
        ],
    }


def build_warehouse(work_dir: Path) -> Path:
    """Raw tables from `raw_rows()`, then `dbt build` (seeds, models and every data test) into work_dir."""
    warehouse = create_raw_warehouse(work_dir / "warehouse.duckdb", raw_rows())
    dbt_build(warehouse, work_dir)
    return warehouse


def publish(warehouse: Path, data_dir: Path, target: Path | None = None) -> Path:
    """Publish the warehouse's tables as $data_dir/published/kyoso.duckdb (or `target`) with a refresh status."""
    published = data_dir / "published"
    published.mkdir(parents=True, exist_ok=True)
    path = target or published / "kyoso.duckdb"
    publish_snapshot(warehouse, path)
    (published / "refresh_status.json").write_text(json.dumps(REFRESH_STATUS), encoding="utf-8")
    return path
