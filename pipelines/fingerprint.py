"""What the warehouse was last built from, so `kyoso refresh` can skip work that nothing changed.

A fingerprint is one hash per dbt source table (`raw.<table>`) plus one for the code that turns them
into the published snapshot (the dbt project, ingest and publish). After a successful refresh the
fingerprint is recorded beside the snapshot together with the identity (inode, mtime, size) of the
warehouse and of the snapshot. The record only counts while both files are exactly as recorded: any
other writer — a Dagster-launched run, a failed or killed refresh — changes the warehouse file, which
voids the record, and the next refresh rebuilds everything.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pipelines import config, store
from pipelines.intake.forms import FORMS

VERSION = 1
_CODE_FILES = ("ingest.py", "publish.py", "fingerprint.py")
_DBT_IGNORED = {"target", "logs", "dbt_packages"}


def _digest(parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def code_digest() -> str:
    """Every dbt project file (models, tests, seeds, macros, config) and the ingest/publish code."""
    digest = hashlib.sha256(f"v{VERSION}/n{store.NORMALIZED_VERSION}".encode())
    project = config.DBT_PROJECT_DIR
    files = sorted(
        p for p in project.rglob("*") if p.is_file() and not (_DBT_IGNORED & set(p.relative_to(project).parts))
    )
    files += [Path(__file__).with_name(name) for name in _CODE_FILES]
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _file_identity(path: Path) -> list[int] | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return [stat.st_ino, stat.st_mtime_ns, stat.st_size]


def source_digests(submissions: list[store.Submission]) -> dict[str, str]:
    """raw.submissions / raw.validation_issues change with any new submission or status; a form table
    with its effective submissions and their cached normalized files (identity included, so a cache
    file rewritten behind the pipeline's back counts as a change)."""
    register = [(s.submission_id, s.status) for s in submissions]
    digests = {"submissions": _digest(register), "validation_issues": _digest(register)}
    for form in FORMS:
        effective = store.effective_submissions(form, submissions)
        digests[form] = _digest(
            [(s.submission_id, _file_identity(store.normalized_path(s))) for s in effective]
        )
    return digests


def current(submissions: list[store.Submission]) -> dict:
    return {"code": code_digest(), "sources": source_digests(submissions)}


def _record_path() -> Path:
    return config.published_dir() / "refresh_fingerprint.json"


def _files_now() -> dict:
    wal = config.warehouse_path().with_name(config.warehouse_path().name + ".wal")
    return {
        "warehouse": _file_identity(config.warehouse_path()),
        "warehouse_wal": _file_identity(wal),
        "snapshot": _file_identity(config.published_path()),
    }


def recorded() -> dict | None:
    """The fingerprint the warehouse and the published snapshot were built from, if still valid."""
    try:
        record = json.loads(_record_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    if record.get("files") != _files_now() or record["files"]["snapshot"] is None:
        return None
    return record


def record(fingerprint: dict) -> None:
    path = _record_path()
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(fingerprint | {"files": _files_now()}, indent=1), encoding="utf-8")
    os.replace(partial, path)


def forget() -> None:
    _record_path().unlink(missing_ok=True)


def changed_sources(now: dict, before: dict | None) -> list[str] | None:
    """Source tables whose inputs differ; None when everything must be rebuilt (no valid record or
    the code changed); [] when nothing changed."""
    if before is None or before.get("code") != now["code"]:
        return None
    return sorted(name for name, digest in now["sources"].items() if before["sources"].get(name) != digest)
