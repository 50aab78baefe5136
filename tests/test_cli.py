"""`kyoso submit` exit statuses and JSON outcome (SPEC §1.3)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.builders import municipal_rows, write_form_csv

KEYS = {"submission_id", "status", "form", "prefecture_code", "period", "rows", "issues"}
ISSUE_KEYS = {"severity", "sheet", "row", "column", "value", "rule", "message_ja", "message_en"}


def _kyoso(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], capture_output=True, text=True)


def test_accepted_then_duplicate_exit_zero_with_json(kyoso_dirs, tmp_path):
    upload = write_form_csv(tmp_path / "r.csv", "municipal_report", municipal_rows("31", 2025, 1))
    first = _kyoso("submit", str(upload), "--prefecture", "鳥取県", "--json", "--received-at", "2025-07-01T10:00")
    assert first.returncode == 0, first.stderr
    outcome = json.loads(first.stdout)
    assert set(outcome) >= KEYS
    assert (outcome["status"], outcome["form"], outcome["prefecture_code"], outcome["period"], outcome["rows"]) == (
        "accepted",
        "municipal_report",
        "31",
        "FY2025Q1",
        19,
    )
    again = _kyoso("submit", str(upload), "--prefecture", "31", "--json")
    assert again.returncode == 0
    assert json.loads(again.stdout)["status"] == "duplicate"


def test_rejected_file_exits_one_and_lists_every_issue(kyoso_dirs, tmp_path):
    rows = municipal_rows("31", 2025, 1)
    rows[0]["population_65plus"] = "-1"
    rows[3]["council_layer1"] = "たぶん"
    upload = write_form_csv(tmp_path / "bad.csv", "municipal_report", rows)
    completed = _kyoso("submit", str(upload), "--prefecture", "31", "--json")
    assert completed.returncode == 1
    outcome = json.loads(completed.stdout)
    assert outcome["status"] == "rejected"
    errors = [i for i in outcome["issues"] if i["severity"] == "error"]
    assert [(i["row"], i["column"], i["value"]) for i in errors] == [
        (2, "65歳以上人口", "-1"),
        (5, "第1層協議体設置", "たぶん"),
    ]
    assert all(set(i) == ISSUE_KEYS and i["message_ja"] and i["message_en"] for i in errors)
    text = _kyoso("submit", str(upload), "--prefecture", "31")
    assert text.returncode == 1
    assert "65歳以上人口" in text.stdout


def test_usage_errors_exit_two(kyoso_dirs, tmp_path):
    upload = write_form_csv(tmp_path / "r.csv", "municipal_report", municipal_rows("31", 2025, 1))
    assert _kyoso("submit", str(upload), "--prefecture", "99").returncode == 2
    assert _kyoso("submit", str(upload), "--prefecture", "31", "--form", "nope").returncode == 2
    assert _kyoso("submit", str(tmp_path / "missing.csv"), "--prefecture", "31").returncode == 2
    assert _kyoso("submit", str(upload), "--prefecture", "31", "--received-at", "yesterday").returncode == 2
    assert _kyoso("submit", str(upload)).returncode == 2
