"""The small raw fixture of tests/dbt: a few submissions of Hokkaido (01), Tokyo (13), Kanagawa (14) and
Okinawa (47) whose mart values are worked out by hand in test_dbt_build.py."""

from __future__ import annotations

from datetime import datetime

from dbt_warehouse import submission

from pipelines.core.periods import TOKYO

SAPPORO, HAKODATE, CHIYODA = "011002", "012025", "131016"
CORPORATE_NUMBER = "7000012050002"


def jst(*args: int) -> datetime:
    return datetime(*args, tzinfo=TOKYO)


def report_row(submission_id: str, code: str, quarter: int, **values: object) -> dict:
    row = {
        "submission_id": submission_id,
        "prefecture_code": code[:2],
        "fiscal_year": 2025,
        "quarter": quarter,
        "period": f"FY2025Q{quarter}",
        "municipality_code": code,
        "council_layer1": False,
        "partnership_program": False,
    }
    return row | values


def with_source_rows(rows: list[dict]) -> list[dict]:
    """Number the rows like the Excel rows of one file (header = row 1)."""
    return [row | {"source_row": number} for number, row in enumerate(rows, start=2)]


def roster_row(code: str, name: str, actor_type: str, domains: list[str], service: str, corp=None) -> dict:
    return {
        "submission_id": "R1",
        "prefecture_code": "01",
        "fiscal_year": 2025,
        "quarter": 1,
        "period": "FY2025Q1",
        "municipality_code": code,
        "actor_name": name,
        "actor_name_normalized": name.replace(" ", ""),
        "corporate_number": corp,
        "actor_type": actor_type,
        "domains": domains,
        "service_category": service,
    }


def survey_row(respondent: str, participates: bool, used, wanted, satisfaction) -> dict:
    return {
        "submission_id": "V1",
        "prefecture_code": "13",
        "fiscal_year": 2025,
        "quarter": 1,
        "period": "FY2025Q1",
        "municipality_code": CHIYODA,
        "respondent_id": respondent,
        "age_band": "70-74",
        "participates": participates,
        "domains_used": used,
        "domains_wanted": wanted,
        "satisfaction": satisfaction,
    }


def platform_row(submission_id: str, prefecture: str, fiscal_year: int, quarter: int, stage: int) -> dict:
    return {
        "submission_id": submission_id,
        "prefecture_code": prefecture,
        "fiscal_year": fiscal_year,
        "quarter": quarter,
        "period": f"FY{fiscal_year}Q{quarter}",
        "stage": stage,
        "member_orgs": 5,
        "events": 1,
        "trainings": 0,
        "matches": 2,
        "fund_used_kyen": 100,
        "linked_national": True,
    }


SAPPORO_Q1 = {
    "population_65plus": 500_000, "daily_living_areas": 87, "sc_layer1_count": 1, "sc_layer2_areas_covered": 80,
    "council_layer1": True, "council_layer2_areas": 70, "partnership_program": True, "town_meetings": 10,
    "meeting_participants_residents": 100, "meeting_participants_orgs": 50, "projects_started": 2,
    "pilots_running": 1, "kayoi_participants": 25_000, "program_spend_kyen": 50_000,
}  # fmt: skip
HAKODATE_Q1 = {
    "population_65plus": 90_000, "daily_living_areas": 10, "sc_layer1_count": 0, "sc_layer2_areas_covered": 5,
    "council_layer2_areas": 3, "town_meetings": 2, "meeting_participants_residents": 30,
    "meeting_participants_orgs": 10, "projects_started": 0, "pilots_running": 0, "kayoi_participants": 4_000,
    "program_spend_kyen": 3_000,
}  # fmt: skip


def small_raw_tables() -> dict[str, list[dict]]:
    return {
        "submissions": [
            # FY2025Q1 municipal report of Hokkaido: first accepted on time, effective one late
            submission("M1", "municipal_report", "01", 2025, 1, jst(2025, 7, 30, 10), "superseded", 2),
            submission("M2", "municipal_report", "01", 2025, 1, jst(2025, 8, 5, 9), "accepted", 2),
            # FY2025Q3: received exactly at the due instant (boundary included)
            submission("M3", "municipal_report", "01", 2025, 3, jst(2026, 1, 31, 23, 59, 59)),
            submission("R1", "actor_roster", "01", 2025, 1, jst(2025, 7, 1)),
            submission("P1", "platform_status", "01", 2025, 1, jst(2025, 7, 1)),
            submission("P2", "platform_status", "13", 2025, 2, jst(2025, 10, 1)),
            submission("P0", "platform_status", "14", 2024, 4, jst(2025, 4, 20)),
            submission("V1", "survey_responses", "13", 2025, 1, jst(2025, 9, 1)),
            # an accepted report without rows (every municipality missing is only a warning)
            submission("M4", "municipal_report", "47", 2025, 2, jst(2025, 10, 1), rows=0),
            # a rejected file for a later period neither adds a period nor reaches a mart
            submission("X1", "municipal_report", "01", 2025, 4, jst(2026, 3, 1), "rejected", 2),
        ],
        "validation_issues": [
            {
                "submission_id": "X1",
                "issue_no": 1,
                "severity": "error",
                "sheet": "市町村四半期報告",
                "row_number": 2,
                "column_name": "団体コード",
                "value": "011003",
                "rule": "municipality_code.check_digit",
                "message_ja": "検査数字が誤っています",
                "message_en": "wrong check digit",
            },
        ],
        "municipal_report": [
            report_row("M2", SAPPORO, 1, **SAPPORO_Q1),
            report_row("M2", HAKODATE, 1, **HAKODATE_Q1),
            report_row("M3", SAPPORO, 3, **(SAPPORO_Q1 | {"program_spend_kyen": 7_000})),
        ],
        "actor_roster": with_source_rows(
            [
                roster_row(SAPPORO, "株式会社A", "company", ["cleaning", "shopping"], "home_a", CORPORATE_NUMBER),
                roster_row(SAPPORO, "ささえ 会", "npo", ["watching"], "day_a"),
                roster_row(SAPPORO, "福祉会C", "social_welfare", ["care"], "other_support"),
                roster_row(HAKODATE, "株式会社A", "company", ["shopping"], "outside", CORPORATE_NUMBER),
            ]
        ),
        "platform_status": [
            platform_row("P1", "01", 2025, 1, 1),
            platform_row("P2", "13", 2025, 2, 3),
            platform_row("P0", "14", 2024, 4, 0),
        ],
        "survey_responses": with_source_rows(
            [
                survey_row("r1", True, ["shopping"], ["shopping", "meals"], 4),
                survey_row("r2", False, [], ["meals"], None),
                survey_row("r3", True, None, None, 2),
            ]
        ),
    }
