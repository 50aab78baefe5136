"""The normalized cache: each accepted submission's rows as intake normalized them, one Parquet file
keyed by content and submitting prefecture, rebuilt from the raw file whenever it is missing."""

from __future__ import annotations

import multiprocessing
import os
import secrets
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from pipelines.core import config
from pipelines.core.vocab import ACCEPTED
from pipelines.intake import validate_file
from pipelines.submissions.register import Submission

# Bump when intake's normalized output changes, so cached Parquet files are rebuilt from raw.
NORMALIZED_VERSION = 1


def normalized_path(submission: Submission, cache_dir: Path | None = None) -> Path:
    """Cache of the normalized rows, keyed by content and submitting prefecture (codes depend on it).
    `cache_dir` is config.normalized_cache_dir(), for a caller that resolves it once for many submissions."""
    return (
        (cache_dir or config.normalized_cache_dir())
        / f"v{NORMALIZED_VERSION}"
        / str(submission.form)
        / f"{submission.prefecture_code}-{submission.sha256}.parquet"
    )


def write_normalized(submission: Submission, frame: pl.DataFrame) -> Path:
    target = normalized_path(submission)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{secrets.token_hex(4)}.tmp")
    frame.write_parquet(partial)
    os.replace(partial, target)
    return target


def ensure_normalized(submission: Submission) -> Path:
    """The cached normalized Parquet of an accepted submission, re-parsed from the raw file if missing."""
    target = normalized_path(submission)
    if target.exists():
        return target
    result = validate_file(
        submission.raw_file, submission.prefecture_code, form=submission.form, received_at=submission.received
    )
    if not result.accepted:
        raise RuntimeError(
            f"submission {submission.submission_id} was accepted but no longer validates: "
            f"{[issue.message_en for issue in result.errors[:5]]}"
        )
    return write_normalized(submission, result.frame)


def _normalize_in_worker(submission: Submission) -> str:
    return str(ensure_normalized(submission))


def ensure_normalized_all(submissions: list[Submission], workers: int | None = None) -> int:
    """Re-parse, on every core, the accepted submissions whose cached normalized file is missing
    (only after `$KYOSO_DATA_DIR` was deleted or NORMALIZED_VERSION bumped). Returns how many."""
    missing = [s for s in submissions if s.status == ACCEPTED and not normalized_path(s).exists()]
    workers = min(workers or os.cpu_count() or 1, len(missing))
    if workers <= 1:
        for submission in missing:
            ensure_normalized(submission)
        return len(missing)
    missing.sort(key=lambda s: s.raw_file.stat().st_size, reverse=True)  # big files first: even finish
    # spawn, not fork: the parent may hold Polars/DuckDB threads, and forking those can deadlock
    with (
        _single_threaded_polars(),
        ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool,
    ):
        list(pool.map(_normalize_in_worker, missing))
    return len(missing)


@contextmanager
def _single_threaded_polars() -> Iterator[None]:
    """Workers spawned meanwhile get one Polars thread each: there is already a worker per core, and on
    files this small Polars' thread pool costs more in coordination than it gains (one process: −15 % time)."""
    before = os.environ.get("POLARS_MAX_THREADS")
    os.environ["POLARS_MAX_THREADS"] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ["POLARS_MAX_THREADS"]
        else:
            os.environ["POLARS_MAX_THREADS"] = before
