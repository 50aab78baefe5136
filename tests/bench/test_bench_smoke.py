"""`python -m bench --scale small` runs end to end and writes every figure (no timing assertions)."""

import json
import subprocess
import sys

import pytest

from pipelines.config import REPO_ROOT

pytestmark = pytest.mark.slow

KEYS = ("baseline_s", "full_refresh_s", "noop_refresh_s", "incremental_s", "first_page_s", "interaction_p50_ms",
        "interaction_p95_ms", "server_rss_mb", "refresh_rss_mb", "survey_rows", "cores")


def test_small_benchmark_writes_every_figure(tmp_path):
    results = tmp_path / "results"
    completed = subprocess.run(
        [sys.executable, "-m", "bench", "--scale", "small", "--work", str(tmp_path / "work"), "--results",
         str(results)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    figures = json.loads((results / "latest.json").read_text(encoding="utf-8"))
    for key in KEYS:
        assert isinstance(figures[key], int | float) and not isinstance(figures[key], bool), key
    assert figures["noop_kept_snapshot"] and figures["incremental_published_new_value"] and figures["baseline_matches"]
    assert "| (b) full `kyoso refresh`" in (results / "latest.md").read_text(encoding="utf-8")
