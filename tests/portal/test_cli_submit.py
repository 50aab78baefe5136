"""`kyoso submit` runs the upload page's guards, keeps file names as names, and is audited (SPEC §3.7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipelines import submissions
from pipelines.portal import audit
from tests.builders import municipal_rows, platform_rows, write_form_csv


def _kyoso(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args], capture_output=True, text=True, env={**os.environ, **env}
    )


def _submit_json(path: Path, *extra: str, **env: str) -> tuple[int, dict]:
    completed = _kyoso("submit", str(path), "--prefecture", "31", "--json", *extra, **env)
    return completed.returncode, json.loads(completed.stdout)


def _stored_files(raw: Path) -> list[Path]:
    return sorted(p for p in (raw / "submissions").rglob("original*"))


@pytest.mark.parametrize("name", ["a[12].csv", "[確定版]report.csv", "*.csv", "what?.csv", "鳥取県 第1四半期.csv"])
def test_file_names_are_only_names(kyoso_dirs, tmp_path, name: str) -> None:
    """Beside the file lies a decoy that a glob would match ('a1.csv' for 'a[12].csv'): it must not be read."""
    raw, _ = kyoso_dirs
    folder = tmp_path / "uploads"
    write_form_csv(folder / "a1.csv", "platform_status", platform_rows("31", 2025, 1, stage=4))
    (folder / "a1.csv").rename(folder / "decoy.csv")
    for decoy in ("a1.csv", "x.csv", "whatx.csv"):
        (folder / decoy).write_bytes((folder / "decoy.csv").read_bytes())
    real = write_form_csv(folder / name, "platform_status", platform_rows("31", 2025, 1, stage=2))
    code, outcome = _submit_json(real, "--received-at", "2025-07-01T10:00")
    assert code == 0, outcome
    assert (outcome["status"], outcome["rows"], outcome["issues"]) == ("accepted", 1, [])
    [submission] = submissions.list_submissions()
    assert submission.file_name == name
    assert _stored_files(raw)[0].read_bytes() == real.read_bytes()
    frame = __import__("polars").read_parquet(submissions.ensure_normalized(submission))
    assert frame["stage"].to_list() == [2]  # the real file's stage, not the decoy's 4


def test_control_and_bidi_characters_are_cleaned_from_the_stored_name(kyoso_dirs, tmp_path) -> None:
    name = "re\u202eport\x07\u200f.csv"
    path = write_form_csv(tmp_path / name, "platform_status", platform_rows("31", 2025, 1, stage=1))
    code, _ = _submit_json(path, "--received-at", "2025-07-01T10:00")
    assert code == 0
    assert submissions.list_submissions()[0].file_name == "report.csv"


def _bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/worksheets/sheet1.xml", bytes(300 * 2**20))  # 300 MiB of zeros, ~300 KB packed
    return path


def test_zip_bomb_is_refused_with_nothing_stored(kyoso_dirs, tmp_path) -> None:
    raw, _ = kyoso_dirs
    bomb = _bomb(tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 2**20
    code, outcome = _submit_json(bomb)
    assert code == 1
    assert (outcome["submission_id"], outcome["status"]) == (None, "rejected")
    assert [(i["rule"], i["row"]) for i in outcome["issues"]] == [("upload.zip_bomb", None)]
    assert submissions.list_submissions() == [] and _stored_files(raw) == []
    [event] = audit_events(raw)
    assert (event["action"], event["outcome"], event["prefecture"]) == ("submit_cli", "refused:upload.zip_bomb", "31")


def test_oversize_file_is_refused_before_it_is_stored(kyoso_dirs, tmp_path) -> None:
    raw, _ = kyoso_dirs
    big = tmp_path / "big.csv"
    big.write_bytes(b"x," * (2 * 2**20))  # 4 MiB against a 3 MiB cap
    code, outcome = _submit_json(big, KYOSO_MAX_CLI_UPLOAD_MB="3")
    assert code == 1
    assert [i["rule"] for i in outcome["issues"]] == ["upload.too_large"]
    assert "3 MB" in outcome["issues"][0]["message_ja"]
    assert submissions.list_submissions() == [] and _stored_files(raw) == []


def test_cli_limit_defaults_to_2048_megabytes(monkeypatch) -> None:
    from pipelines.portal.uploads import max_cli_upload_bytes

    monkeypatch.delenv("KYOSO_MAX_CLI_UPLOAD_MB", raising=False)
    assert max_cli_upload_bytes() == 2048 * 2**20


def audit_events(raw: Path) -> list[dict]:
    path = raw / "audit" / "audit.log"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_cli_submissions_are_audited(kyoso_dirs, tmp_path) -> None:
    raw, _ = kyoso_dirs
    path = write_form_csv(tmp_path / "r.csv", "municipal_report", municipal_rows("31", 2025, 1))
    code, outcome = _submit_json(path, "--user", "tanaka", "--received-at", "2025-07-01T10:00")
    assert code == 0
    [event] = audit_events(raw)
    assert event["action"] == "submit_cli" and event["actor"].startswith("operator:")
    assert event["actor"].endswith("(tanaka)")
    assert (event["submission_id"], event["outcome"]) == (outcome["submission_id"], "accepted")
    assert audit.audit_path() == raw / "audit" / "audit.log"


def test_note_is_kept_and_too_long_is_a_usage_error(kyoso_dirs, tmp_path) -> None:
    path = write_form_csv(tmp_path / "r.csv", "platform_status", platform_rows("31", 2025, 1, stage=1))
    assert _kyoso("submit", str(path), "--prefecture", "31", "--note", "あ" * 2001).returncode == 2
    assert submissions.list_submissions() == []
    code, outcome = _submit_json(path, "--note", "会合が中止になったため", "--received-at", "2025-07-01T10:00")
    assert (code, outcome["note"]) == (0, "会合が中止になったため")
    assert submissions.list_submissions()[0].note == "会合が中止になったため"
