"""The fixture warehouse for the mart tests: the raw.* tables built from the hand-made rows of
tests/marts/fixture_rows.py (the base set, or extended to later periods), the warehouse written and read
back, and the second publish (tests/marts/test_indicator_changes.py)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import duckdb

from .fixture_rows import (
    ACTOR_ROSTER_SPEC,
    DUE_UTC,
    EXTENDED_MUNICIPAL_REPORT,
    EXTENDED_PLATFORM,
    EXTENDED_SUBMISSIONS,
    MR_COLUMNS,
    MUNICIPAL_REPORT_SPEC,
    PLATFORM_SPEC,
    SUBMISSIONS_SPEC,
    SURVEY_SPEC,
    F,
    T,
    ts,
)


def _submissions(spec: list[tuple]) -> list[dict]:
    out = []
    for sid, form, pref, fy, q, received, status, rows, errors, warnings in spec:
        # S012 is byte-identical to S011
        sha = f"{int(sid[1:]):064x}" if sid != "S012" else f"{11:064x}"
        out.append(
            {
                "submission_id": sid,
                "form": form,
                "prefecture_code": pref,
                "fiscal_year": fy,
                "quarter": q,
                "period": f"FY{fy}Q{q}" if fy is not None else None,
                "received_at": ts(received),
                "due_at": DUE_UTC[(fy, q)] if fy is not None else None,
                "user_name": f"user{pref}",
                "sha256": sha,
                "file_name": f"{sid.lower()}_{form or 'unknown'}.csv",
                "status": status,
                "is_effective": status == "accepted",
                "rows": rows,
                "errors": errors,
                "warnings": warnings,
                "note": None,
                "withdrawn_at": None,
                "withdrawn_by": None,
                "withdrawal_reason": None,
            }
        )
    return out


def _period_columns(pref: str, fy: int, q: int) -> dict:
    return {"prefecture_code": pref, "fiscal_year": fy, "quarter": q, "period": f"FY{fy}Q{q}"}


def _normalize_name(name: str) -> str:
    # what intake writes into actor_name_normalized (NFKC, every whitespace removed)
    return "".join(unicodedata.normalize("NFKC", name).split())


def raw_tables(extended: bool = False) -> dict[str, list[dict]]:
    """The raw.* tables as lists of dicts (column order = docs/raw-sources.md).

    extended=True adds EXTENDED_* (periods up to FY2027Q1) to the base fixture.
    """
    submissions_spec = SUBMISSIONS_SPEC + (EXTENDED_SUBMISSIONS if extended else [])
    mr_spec = {**MUNICIPAL_REPORT_SPEC, **(EXTENDED_MUNICIPAL_REPORT if extended else {})}
    platform_spec = {**PLATFORM_SPEC, **(EXTENDED_PLATFORM if extended else {})}
    municipal_report = []
    for (sid, pref, fy, q), rows in mr_spec.items():
        for i, values in enumerate(rows):
            row = {"submission_id": sid, **_period_columns(pref, fy, q), "source_row": i + 2}
            row.update(dict(zip(MR_COLUMNS, values, strict=True)))
            municipal_report.append(row)

    actor_roster = []
    for (sid, pref, fy, q), rows in ACTOR_ROSTER_SPEC.items():
        for i, (code, name, corp, atype, domains, service, model, start) in enumerate(rows):
            actor_roster.append(
                {
                    "submission_id": sid,
                    **_period_columns(pref, fy, q),
                    "source_row": i + 2,
                    "municipality_code": code,
                    "actor_name": name,
                    "actor_name_normalized": _normalize_name(name),
                    "corporate_number": corp,
                    "actor_type": atype,
                    "domains": domains,
                    "service_category": service,
                    "model_type": model,
                    "start_month": start,
                }
            )

    platform_status = []
    for (sid, pref, fy, q), values in platform_spec.items():
        stage, members, events, trainings, matches, fund, linked = values
        platform_status.append(
            {
                "submission_id": sid,
                **_period_columns(pref, fy, q),
                "source_row": 2,
                "stage": stage,
                "member_orgs": members,
                "events": events,
                "trainings": trainings,
                "matches": matches,
                "fund_used_kyen": fund,
                "linked_national": linked,
            }
        )

    survey_responses = []
    for (sid, pref, fy, q), rows in SURVEY_SPEC.items():
        for i, (code, rid, band, participates, used, wanted, sat) in enumerate(rows):
            survey_responses.append(
                {
                    "submission_id": sid,
                    **_period_columns(pref, fy, q),
                    "source_row": i + 2,
                    "municipality_code": code,
                    "respondent_id": rid,
                    "age_band": band,
                    "participates": participates,
                    "domains_used": used,
                    "domains_wanted": wanted,
                    "satisfaction": sat,
                }
            )

    validation_issues = []
    for sub in _submissions(submissions_spec):
        n = 0
        for severity, count in (("error", sub["errors"]), ("warning", sub["warnings"])):
            for _ in range(count):
                n += 1
                validation_issues.append(
                    {
                        "submission_id": sub["submission_id"],
                        "issue_no": n,
                        "severity": severity,
                        "sheet": None,
                        "row_number": None if sub["form"] is None else n + 1,
                        "column_name": None if sub["form"] is None else "団体コード",
                        "value": None,
                        "rule": "fixture",
                        "message_ja": "テスト用の指摘",
                        "message_en": "fixture issue",
                    }
                )

    return {
        "submissions": _submissions(submissions_spec),
        "validation_issues": validation_issues,
        "municipal_report": municipal_report,
        "actor_roster": actor_roster,
        "platform_status": platform_status,
        "survey_responses": survey_responses,
    }


# DuckDB column types, exactly as docs/raw-sources.md + NORMALIZED_SCHEMAS prescribe.
_PERIOD_DDL = [("prefecture_code", "VARCHAR"), ("fiscal_year", "INTEGER"), ("quarter", "INTEGER"),
               ("period", "VARCHAR"), ("source_row", "INTEGER")]
DDL: dict[str, list[tuple[str, str]]] = {
    "submissions": [
        ("submission_id", "VARCHAR"), ("form", "VARCHAR"), ("prefecture_code", "VARCHAR"),
        ("fiscal_year", "INTEGER"), ("quarter", "INTEGER"), ("period", "VARCHAR"),
        ("received_at", "TIMESTAMP"), ("due_at", "TIMESTAMP"), ("user_name", "VARCHAR"),
        ("sha256", "VARCHAR"), ("file_name", "VARCHAR"), ("status", "VARCHAR"), ("is_effective", "BOOLEAN"),
        ("rows", "INTEGER"), ("errors", "INTEGER"), ("warnings", "INTEGER"), ("note", "VARCHAR"),
        ("withdrawn_at", "TIMESTAMP"), ("withdrawn_by", "VARCHAR"), ("withdrawal_reason", "VARCHAR"),
    ],
    "validation_issues": [
        ("submission_id", "VARCHAR"), ("issue_no", "INTEGER"), ("severity", "VARCHAR"), ("sheet", "VARCHAR"),
        ("row_number", "INTEGER"), ("column_name", "VARCHAR"), ("value", "VARCHAR"), ("rule", "VARCHAR"),
        ("message_ja", "VARCHAR"), ("message_en", "VARCHAR"),
    ],
    "municipal_report": [("submission_id", "VARCHAR"), *_PERIOD_DDL,
                         ("municipality_code", "VARCHAR"), ("municipality_name", "VARCHAR"),
                         *[(c, "BIGINT") for c in MR_COLUMNS[2:6]], ("council_layer1", "BOOLEAN"),
                         ("council_layer2_areas", "BIGINT"), ("partnership_program", "BOOLEAN"),
                         *[(c, "BIGINT") for c in MR_COLUMNS[9:]]],
    "actor_roster": [("submission_id", "VARCHAR"), *_PERIOD_DDL,
                     ("municipality_code", "VARCHAR"), ("actor_name", "VARCHAR"),
                     ("actor_name_normalized", "VARCHAR"), ("corporate_number", "VARCHAR"),
                     ("actor_type", "VARCHAR"), ("domains", "VARCHAR[]"), ("service_category", "VARCHAR"),
                     ("model_type", "VARCHAR"), ("start_month", "VARCHAR")],
    "platform_status": [("submission_id", "VARCHAR"), *_PERIOD_DDL, ("stage", "INTEGER"),
                        ("member_orgs", "BIGINT"), ("events", "BIGINT"), ("trainings", "BIGINT"),
                        ("matches", "BIGINT"), ("fund_used_kyen", "BIGINT"), ("linked_national", "BOOLEAN")],
    "survey_responses": [("submission_id", "VARCHAR"), *_PERIOD_DDL,
                         ("municipality_code", "VARCHAR"), ("respondent_id", "VARCHAR"), ("age_band", "VARCHAR"),
                         ("participates", "BOOLEAN"), ("domains_used", "VARCHAR[]"),
                         ("domains_wanted", "VARCHAR[]"), ("satisfaction", "INTEGER")],
}


def write_warehouse(path: Path, extended: bool = False) -> dict[str, list[dict]]:
    """Create the DuckDB warehouse file at `path` with schema raw and the fixture tables."""
    tables = raw_tables(extended)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute("CREATE SCHEMA IF NOT EXISTS raw")
        for name, columns in DDL.items():
            con.execute(f"CREATE OR REPLACE TABLE raw.{name} ({', '.join(f'{c} {t}' for c, t in columns)})")
            names = [c for c, _ in columns]
            rows = [tuple(row[c] for c in names) for row in tables[name]]
            assert all(set(row) == set(names) for row in tables[name]), name
            if rows:
                placeholders = ", ".join("?" for _ in names)
                con.executemany(f"INSERT INTO raw.{name} VALUES ({placeholders})", rows)
    finally:
        con.close()
    return tables


def read_raw(path: Path) -> dict[str, list[dict]]:
    """Read the raw.* tables back (what dbt sees) as lists of dicts."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for name in DDL:
            cursor = con.execute(f"SELECT * FROM raw.{name}")
            columns = [d[0] for d in cursor.description]
            out[name] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        return out
    finally:
        con.close()


# --- the second publish (tests/marts/test_indicator_changes.py): what happens between two refreshes ------
# * withdrawal: S024 (31 survey FY2025Q3) is withdrawn → its rows leave raw.survey_responses.
# * corrected upload: S030 (31 municipal_report FY2025Q3) supersedes S023; 鳥取市 now reports meetings.
# * new period: S031 (31 platform_status FY2025Q4, stage 3) → FY2025Q4 rows appear for all 47 prefectures.
# * regression: S032 (14 platform_status FY2025Q4, stage 2, down from 3).
# * schedule edit: override 47 FY2025Q2 target 2 (default 1); 47 has no submission change.
SECOND_PUBLISH_OVERRIDES: dict[tuple[str, int, int], int] = {("47", 2025, 2): 2}
_CORRECTED_31_Q3 = [
    ("312011", "鳥取市", 55300, 10, 1, 9, T, 8, T, 2, 30, 6, 0, 1, 3150, 9800),
    ("312029", "米子市", 43200, 8, 2, 8, T, 8, T, 0, 0, 0, 0, 2, 2600, 7400),
]


def second_publish_raw_tables() -> dict[str, list[dict]]:
    """The base fixture after the changes above (what the warehouse holds at the second publish)."""
    tables = raw_tables(extended=False)
    new_submissions = _submissions([
        ("S030", "municipal_report", "31", 2025, 3, "2026-01-25 00:00:00", "accepted", 2, 0, 1),
        ("S031", "platform_status", "31", 2025, 4, "2026-04-10 00:00:00", "accepted", 1, 0, 0),
        ("S032", "platform_status", "14", 2025, 4, "2026-04-11 00:00:00", "accepted", 1, 0, 0),
    ])
    for submission in tables["submissions"]:
        if submission["submission_id"] == "S024":
            submission.update(status="withdrawn", is_effective=False, withdrawn_at=ts("2026-02-01 00:00:00"),
                              withdrawn_by="user31", withdrawal_reason="回答者の重複があったため")
        if submission["submission_id"] == "S023":
            submission.update(status="superseded", is_effective=False)
    new_submissions[0]["note"] = "鳥取市のタウンミーティング回数を訂正しました。"
    tables["submissions"] += new_submissions
    tables["survey_responses"] = [r for r in tables["survey_responses"] if r["submission_id"] != "S024"]
    tables["municipal_report"] = [r for r in tables["municipal_report"] if r["submission_id"] != "S023"]
    for i, values in enumerate(_CORRECTED_31_Q3):
        row = {"submission_id": "S030", **_period_columns("31", 2025, 3), "source_row": i + 2}
        row.update(dict(zip(MR_COLUMNS, values, strict=True)))
        tables["municipal_report"].append(row)
    for sid, pref, stage in (("S031", "31", 3), ("S032", "14", 2)):
        tables["platform_status"].append({
            "submission_id": sid, **_period_columns(pref, 2025, 4), "source_row": 2, "stage": stage,
            "member_orgs": 10, "events": 1, "trainings": 1, "matches": 1, "fund_used_kyen": 100,
            "linked_national": F,
        })
    return tables


def replace_raw(path: Path, tables: dict[str, list[dict]]) -> None:
    """Rewrite every raw.* table of the warehouse at `path` (as ingest does on a refresh)."""
    con = duckdb.connect(str(path))
    try:
        for name, columns in DDL.items():
            names = [c for c, _ in columns]
            con.execute(f"DELETE FROM raw.{name}")
            rows = [tuple(row[c] for c in names) for row in tables[name]]
            if rows:
                con.executemany(f"INSERT INTO raw.{name} VALUES ({', '.join('?' for _ in names)})", rows)
    finally:
        con.close()
