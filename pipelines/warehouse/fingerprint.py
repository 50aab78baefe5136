"""What the warehouse was built from, and so what a refresh must rebuild — the one rule that the
schedule, the sensor and `kyoso refresh` share (docs/refresh.md).

A fingerprint holds one digest for the code that turns submissions into the snapshot (the dbt project,
ingest and publish) and one per source:
- `submissions` / `validation_issues`: the whole register (any new, rejected or withdrawn submission);
- `accepted_register`: only the accepted and superseded entries — every model except the submission
  marts reads only these rows (`is_accepted`), so a rejected upload rebuilds only the submission marts;
- one per form: its effective submissions and the identity of their cached normalized files.

The record beside the warehouse says what the warehouse and the published snapshot hold. A run first
marks the sources it will rebuild as unknown (`begin`), and only its publish step records the new
digests (`commit`): a failed or killed run leaves those sources to be rebuilt by the next one.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from pipelines import submissions as store
from pipelines.core import config, published
from pipelines.intake.forms import FORMS

VERSION = 2
REGISTER = ("submissions", "validation_issues")
ACCEPTED_REGISTER = "accepted_register"
_CODE_FILES = ("ingest.py", "publish.py", "changes.py", "fingerprint.py")
_CODE_MODULES = (published,)  # the published tables, listed in core
_DBT_IGNORED = {"target", "logs", "dbt_packages", "__pycache__"}


def _digest(parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def code_digest() -> str:
    """Every dbt project file (models, tests, seeds, macros, config) and the ingest/publish code, with the
    list of published tables."""
    digest = hashlib.sha256(f"v{VERSION}/n{store.NORMALIZED_VERSION}".encode())
    project = config.DBT_PROJECT_DIR
    files = sorted(
        (str(p.relative_to(project)), p)
        for p in project.rglob("*")
        if p.is_file() and _is_project_source(p.relative_to(project))
    )
    files += [(name, Path(__file__).with_name(name)) for name in _CODE_FILES]
    files += [(module.__name__, Path(module.__file__)) for module in _CODE_MODULES]
    for label, path in files:
        digest.update(label.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _is_project_source(relative: Path) -> bool:
    """A file of the project itself, not one a tool leaves behind (dbt's target/ and logs/, Python's
    bytecode, hidden files such as an editor's swap file or dbt's .user.yml): those change without
    any change of code and would make every refresh a full one."""
    return not (_DBT_IGNORED & set(relative.parts)) and not any(part.startswith(".") for part in relative.parts)


def _file_identity(path: Path) -> list[int] | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return [stat.st_ino, stat.st_mtime_ns, stat.st_size]


def source_digests(submissions: list[store.Submission]) -> dict[str, str]:
    """The sensor computes these every few seconds: a submission's fields are flat, so `vars` gives what
    `asdict` would without its deep copies, and the cache folder is resolved once."""
    register = _digest([vars(s) for s in submissions])
    accepted = [vars(s) for s in submissions if s.status in (store.ACCEPTED, store.SUPERSEDED)]
    digests = dict.fromkeys(REGISTER, register) | {ACCEPTED_REGISTER: _digest(accepted)}
    cache_dir = config.normalized_cache_dir()
    for form in FORMS:
        effective = store.effective_submissions(form, submissions)
        digests[form] = _digest([(s.submission_id, _file_identity(store.normalized_path(s, cache_dir)))
                                 for s in effective])
    return digests


def current(submissions: list[store.Submission] | None = None) -> dict:
    submissions = store.list_submissions() if submissions is None else submissions
    return {"code": code_digest(), "sources": source_digests(submissions)}


def _record_path() -> Path:
    return config.warehouse_path().with_name("refresh_fingerprint.json")


def recorded() -> dict | None:
    """What the warehouse and the published snapshot were built from; None when either file is missing."""
    if not config.warehouse_path().exists() or not config.published_path().exists():
        return None
    try:
        return json.loads(_record_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def _write(record: dict) -> None:
    path = _record_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(partial, path)


@dataclass(frozen=True)
class Plan:
    """What to rebuild: `full` (everything), or the `sources` named by the fingerprint (empty: nothing)."""

    full: bool
    sources: tuple[str, ...] = ()

    @property
    def nothing(self) -> bool:
        return not self.full and not self.sources

    @property
    def register_only(self) -> bool:
        """Only non-accepted register entries changed: the submission marts are all that need rebuilding."""
        return not self.full and set(self.sources) <= set(REGISTER)

    def as_tag(self) -> str:
        return "all" if self.full else ",".join(self.sources)

    @classmethod
    def from_tag(cls, tag: str) -> Plan:
        return cls(full=True) if tag == "all" else cls(full=False, sources=tuple(filter(None, tag.split(","))))


def plan(now: dict, before: dict | None) -> Plan:
    """Everything when there is no valid record or the code changed; else the sources whose digest differs."""
    if before is None or before.get("code") != now["code"]:
        return Plan(full=True)
    sources = before.get("sources", {})
    return Plan(full=False, sources=tuple(sorted(n for n, d in now["sources"].items() if sources.get(n) != d)))


def begin(rebuilding: Plan) -> None:
    """Before a run writes the warehouse: what it rebuilds is unknown until its publish step commits."""
    record = recorded()
    if record is None:
        return
    if rebuilding.full:
        record["code"] = None
    record["sources"] = {name: (None if name in rebuilding.sources else digest)
                         for name, digest in record.get("sources", {}).items()}
    _write(record)


def commit(now: dict, rebuilt: Plan) -> None:
    """After a successful publish: the rebuilt sources hold what they held when the run began."""
    if rebuilt.full:
        _write(now)
        return
    record = recorded()
    if record is None:  # a partial rebuild over an unknown warehouse: the next refresh rebuilds everything
        return
    record["sources"] = record.get("sources", {}) | {name: now["sources"].get(name) for name in rebuilt.sources}
    _write(record)


def forget() -> None:
    _record_path().unlink(missing_ok=True)


def digest_of(*parts) -> str:
    return _digest(parts)
